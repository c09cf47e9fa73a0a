"""Admin-only console pages for accounts: create (as a petugas unless chosen), unlock, deactivate and
reactivate, reset a password (never one's own here, nor deactivate oneself), and the live
sessions of every member, each of which an admin can end (the access log is in records.py, the
catalog editor in catalog/)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import AccountError
from ..services import current_services
from ..store.logins import handle_of
from ..store.staff import ROLES, StaffUser, create_staff, set_password
from ..web.login import log_access, login_required, t

bp = Blueprint("admin", __name__, url_prefix="/staff/admin", template_folder="templates")


@bp.route("/users", methods=["GET", "POST"])
@login_required(role="admin")
def users():
    """List accounts with their lock state; create one from the form."""
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
    """Deactivate, reactivate or reset the password of another account (deactivating or a new
    password ends all its sessions; one's own password is changed on the password page), or unlock
    an account. An admin cannot deactivate themselves: the office could be left without one."""
    services = current_services()
    if action not in ("deactivate", "reactivate", "unlock", "password"):
        abort(404)
    if action not in ("unlock", "reactivate") and user_id == g.staff["id"]:
        if action == "deactivate":
            flash(t("self_deactivate"))  # refused, and nothing logged: nothing happened
        return redirect(url_for(".users"))
    with Session(services.database) as db, db.begin():
        user = db.get(StaffUser, user_id)
        if user is None:
            abort(404)
        if action == "deactivate":
            user.active = False
        elif action == "reactivate":
            user.active = True
        elif action == "unlock":
            user.locked_until, user.failed_logins = None, 0
        elif action == "password":
            try:
                set_password(user, request.form.get("password", "")[:200])
            except AccountError as exc:
                flash(str(exc))
                return redirect(url_for(".users"))
            flash(f"{t('password_reset')}: {user.username}")
        log_access(db, f"{action}_staff", user.username)
    if action in ("deactivate", "password"):
        services.logins.end_all(user_id)
    return redirect(url_for(".users"))


@bp.get("/sessions")
@login_required(role="admin")
def sessions():
    """Every live console session: who, since when, from which address, last seen."""
    services = current_services()
    with Session(services.database) as db:
        names = {row.id: row.username for row in db.execute(select(StaffUser.id, StaffUser.username))}
    logins = services.logins.live(sorted(names))
    return render_template("staff/sessions.html", logins=logins, names=names, own=handle_of(session.sid))


@bp.post("/sessions/<int:staff_id>/<handle>/end")
@login_required(role="admin")
def end_session(staff_id: int, handle: str):
    """End one session now; its holder is asked to log in again on their next click."""
    services = current_services()
    ended = services.logins.end_by_handle(staff_id, handle[:16])
    with Session(services.database) as db, db.begin():
        user = db.get(StaffUser, staff_id)
        log_access(db, "end_session", user.username if user else str(staff_id), "ended" if ended else "gone")
    return redirect(url_for(".sessions"))

