"""A feature phone in the browser that dials the real /ussd endpoint: for demos and staff training."""

from flask import Blueprint, current_app, render_template, url_for

bp = Blueprint("simulator", __name__)


@bp.get("/simulator")
def phone():
    """Draw the phone; its script posts each hop to /ussd exactly as the provider would."""
    services = current_app.extensions["sapa"]
    token = services.settings.callback_token
    # The page carries the callback token so it can reach a protected /ussd: create_app registers
    # this blueprint only when SIMULATOR_ENABLED (on in development, off in production by default).
    ussd_url = url_for("ussd.hop", token=token) if token else url_for("ussd.hop")
    return render_template("simulator.html", office=services.catalog.office, ussd_url=ussd_url)
