"""Fill the catalog editor's forms as the page would, from the catalog in force."""

from gateway.services import services_of
from gateway.staff.catalog.forms import form_values
from menus.export import catalog_data

EDITOR = "/staff/admin/catalog"


def service_form(app, key: str, **changes: str) -> dict:
    """The service's form fields as its edit page shows them, with some changed."""
    service = next(s for s in catalog_data(services_of(app).catalog)["service"] if s["key"] == key)
    return {**form_values(service), **changes}
