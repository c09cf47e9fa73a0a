"""Admin-only console pages: staff accounts and the personal data access log (the catalog editor is
in catalog/)."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import AccountError
from ..services import current_services
from ..store.staff import ROLES, AuditEntry, StaffUser, create_staff
from ..web.login import log_access, login_required

bp = Blueprint("admin", __name__, url_prefix="/staff/admin", template_folder="templates")


@bp.route("/users", methods=["GET", "POST"])
@login_required(role="admin")
def users():
    """List accounts; create one from the form."""
    with Session(current_services().database) as db, db.begin():
        if request.method == "POST":
            try:
                user = create_staff(db, request.form.get("username", ""), request.form.get("password", ""),
                                    request.form.get("role", ""))
                log_access(db, "create_staff", user.username, user.role)
            except AccountError as exc:
                flash(str(exc))
        rows = db.scalars(select(StaffUser).order_by(StaffUser.username)).all()
        return render_template("staff/users.html", rows=rows, roles=ROLES)


@bp.post("/users/<int:user_id>/<action>")
@login_required(role="admin")
def change_user(user_id: int, action: str):
    """Deactivate or unlock an account (an admin cannot deactivate themself)."""
    with Session(current_services().database) as db, db.begin():
        user = db.get(StaffUser, user_id)
        if user and action == "deactivate" and user.id != g.staff["id"]:
            user.active = False
        elif user and action == "unlock":
            user.locked_until, user.failed_logins = None, 0
        if user:
            log_access(db, f"{action}_staff", user.username)
    return redirect(url_for(".users"))


@bp.get("/audit")
@login_required(role="admin")
def audit_log():
    """The newest 300 entries of the record of processing."""
    with Session(current_services().database) as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300)).all()
        return render_template("staff/audit.html", rows=rows)
