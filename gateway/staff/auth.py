"""Console log-in, log-out, a member's own password change, and the language switch.

A failed log-in gets one answer whatever the reason (wrong password, locked, deactivated, unknown
name): the access log keeps the real one for the admin. Failed attempts are also limited per
address (gateway/store/login_throttle.py, in Redis, LOGIN_LIMIT), on top of each account's lock.
"""

import time

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session

from ..errors import AccountError
from ..metrics import LIMITS
from ..services import current_services
from ..store.staff import LoginOutcome, StaffUser, authenticate, password_matches, set_password
from ..web.login import log_access, login_required, t

bp = Blueprint("staff_auth", __name__, url_prefix="/staff", template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        services, address = current_services(), request.remote_addr or ""
        throttle = services.login_throttle
        if not throttle.allows(address):
            return render_template("staff/login.html", error=t("login_limited")), 429
        staff_id, outcome = authenticate(services.database, request.form.get("username", ""),
                                         request.form.get("password", "")[:200], ip=address)
        if outcome == LoginOutcome.LOCKED:
            LIMITS.labels("login_locked").inc()
        if staff_id is not None:
            _start_session(staff_id)
            target = request.args.get("next", "")
            # The lurah (an admin) starts from the month's numbers, the front desk from the queue.
            with Session(services.database) as db:
                admin = db.get(StaffUser, staff_id).role == "admin"
            home = url_for("reports.summary") if admin else url_for("applications.queue")
            return redirect(target if target.startswith("/staff/") else home)
        throttle.failed(address)
        error = t("login_failed")
    return render_template("staff/login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    if "staff_id" in session:
        current_services().logins.end(session.sid)
    session.clear()
    return redirect(url_for("staff_auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required()
def password():
    """Change one's own password; every session of this member ends, and this one starts afresh."""
    if request.method == "POST":
        new = request.form.get("new", "")[:200]
        with Session(current_services().database) as db, db.begin():
            user = db.get(StaffUser, g.staff["id"])
            try:
                if not password_matches(user, request.form.get("current", "")[:200]):
                    raise AccountError(t("wrong_current_password"))
                if new != request.form.get("again", ""):
                    raise AccountError(t("passwords_differ"))
                set_password(user, new)
                log_access(db, "change_password", user.username)
            except AccountError as exc:
                flash(str(exc))
                return render_template("staff/password.html"), 400
        current_services().logins.end_all(g.staff["id"])
        _start_session(g.staff["id"])
        flash(t("password_changed"))
        return redirect(url_for("applications.queue"))
    return render_template("staff/password.html")


@bp.post("/language")
def language():
    session["lang"] = "en" if session.get("lang", "id") == "id" else "id"
    target = request.form.get("back", "")
    return redirect(target if target.startswith("/staff") else url_for("applications.queue"))


def _start_session(staff_id: int) -> None:
    """Begin a signed-in session under a new id (no fixation: the id before log-in is dropped)."""
    lang = session.get("lang", "id")
    session.clear()
    session["lang"] = lang
    current_app.session_interface.regenerate(session)
    session["staff_id"] = staff_id
    current_services().logins.start(session.sid, staff_id, request.remote_addr or "", time.time())
