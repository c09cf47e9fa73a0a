"""A feature phone in the browser that runs the real hop: for demos and staff training.

The page posts each hop, in the provider's form fields, to its own same-origin endpoint, which
answers it exactly as /ussd does. So the page never carries CALLBACK_TOKEN; its CSRF token (sent
as X-CSRFToken) stops another site from making a signed-in browser dial.
"""

import time

from flask import Blueprint, abort, render_template, request, url_for
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms import ValidationError

from ..services import current_services
from ..web.login import check_staff
from . import views
from .payloads import parse_ussd_hop

bp = Blueprint("simulator", __name__, template_folder="templates")


@bp.before_request
def staff_only_outside_development():
    """In production the page carries CALLBACK_TOKEN and sends real SMS: staff must log in."""
    if not current_services().settings.development:
        return check_staff()
    return None


@bp.get("/simulator")
def phone():
    """Draw the phone; its script posts each hop as the provider would."""
    services = current_services()
    # With WhatsApp on, the page also draws a chat whose script and endpoints the WhatsApp room
    # serves (by URL: no room imports another).
    return render_template("simulator.html", office=services.catalog.office,
                           ussd_url=url_for("simulator.hop"), csrf=generate_csrf(),
                           input_mode=services.settings.section("ussd").input,
                           whatsapp=services.whatsapp is not None)


@bp.post("/simulator/ussd")
def hop():
    """Answer a hop from the page exactly as /ussd would."""
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except ValidationError as exc:
        abort(400, f"{exc}: reload the simulator page")
    return views.answer(parse_ussd_hop(request.form), time.perf_counter())
