"""A feature phone in the browser that dials the real /ussd endpoint: for demos and staff training."""

from flask import Blueprint, render_template, url_for

from ..services import current_services
from ..web.login import check_staff

bp = Blueprint("simulator", __name__, template_folder="templates")


@bp.before_request
def staff_only_outside_development():
    """In production the page carries CALLBACK_TOKEN and sends real SMS: staff must log in."""
    if not current_services().settings.development:
        return check_staff()
    return None


@bp.get("/simulator")
def phone():
    """Draw the phone; its script posts each hop to /ussd exactly as the provider would."""
    services = current_services()
    token = services.settings.callback_token
    # The page carries the callback token so it can reach a protected /ussd: create_app registers
    # this blueprint only when SIMULATOR_ENABLED (on in development, off in production by default).
    ussd_url = url_for("ussd.hop", token=token) if token else url_for("ussd.hop")
    # With WhatsApp on, the page also draws a chat whose script and endpoints the WhatsApp room
    # serves (by URL: no room imports another).
    return render_template("simulator.html", office=services.catalog.office, ussd_url=ussd_url,
                           input_mode=services.settings.section("ussd").input,
                           whatsapp=services.whatsapp is not None)
