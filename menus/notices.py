"""Write the SMS a resident gets when staff move their application (pure text, no I/O)."""

from datetime import date

from .catalog import Catalog
from .lifecycle import NOTICES, Status
from .texts import Texts

REASON_MAX = 100


def notice_text(texts: Texts, catalog: Catalog, lang: str, status: str, service_key: str, code: str,
                missing: list[str], ready_on: date | None, reason: str) -> str | None:
    """Return the notice for moving to `status`, or None when that move sends nothing."""
    key = NOTICES.get(Status(status))
    if key is None:
        return None
    service = catalog.service(service_key)
    name = service.short(lang) if service else service_key
    hours = catalog.office.hours(lang)
    values = {"service": name, "code": code}
    if status == Status.INCOMPLETE:
        values |= {"documents": "; ".join(missing), "hours": hours}
    elif status == Status.READY:
        values |= {"date": ready_on.strftime("%d-%m-%Y") if ready_on else "", "hours": hours}
    elif status == Status.CANCELLED:
        values |= {"reason": reason[:REASON_MAX]}
    return texts(lang, key, **values).strip()
