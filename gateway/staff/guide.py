"""The staff guide (/staff/help): the day's steps with screenshots, for a new petugas.

The screenshots are the browser tests' own (tests/browser/, `make screenshots` copies them to
gateway/static/help/), so the guide shows the console as it is.
"""

from flask import Blueprint, render_template, session

from ..services import current_services
from ..web.login import login_required

bp = Blueprint("guide", __name__, url_prefix="/staff", template_folder="templates")


@bp.get("/help")
@login_required()
def page():
    """The guide in the language the member chose (Bahasa Indonesia unless English)."""
    catalog = current_services().catalog
    template = "staff/help_en.html" if session.get("lang") == "en" else "staff/help_id.html"
    return render_template(template, office=catalog.office)
