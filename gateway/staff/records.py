"""Admin-only console pages for records: the catalog in force and the access log."""

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..services import current_services
from ..store.staff import AuditEntry
from ..web.login import login_required

bp = Blueprint("records", __name__, url_prefix="/staff/admin", template_folder="templates")


@bp.get("/catalog")
@login_required(role="admin")
def catalog():
    """The catalog in force, as residents read it, and how to change it safely."""
    services = current_services()
    return render_template("staff/catalog.html", catalog=services.catalog,
                           path=services.settings.catalog_path)


@bp.get("/audit")
@login_required(role="admin")
def audit_log():
    """The newest 300 entries of the record of processing."""
    with Session(current_services().database) as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300)).all()
        return render_template("staff/audit.html", rows=rows)
