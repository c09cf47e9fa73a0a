"""Console log-in, log-out and the language switch."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session

from ..metrics import LIMITS
from ..services import current_services
from ..store.staff import audit, authenticate
from ..web.login import t

bp = Blueprint("staff_auth", __name__, url_prefix="/staff", template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        username = request.form.get("username", "")[:40]
        with Session(current_services().database) as db, db.begin():
            user, outcome = authenticate(db, username, request.form.get("password", "")[:200])
            audit(db, username, f"login_{outcome}", ip=request.remote_addr or "")
            if outcome == "locked":
                LIMITS.labels("login_locked").inc()
            if user:
                lang = session.get("lang", "id")
                session.clear()  # a fresh session on log-in: no fixation
                session.update(staff_id=user.id, lang=lang)
                session.permanent = True
                target = request.args.get("next", "")
                return redirect(target if target.startswith("/staff/") else url_for("applications.queue"))
        error = t(f"login_{outcome}")
    return render_template("staff/login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("staff_auth.login"))


@bp.post("/language")
def language():
    session["lang"] = "en" if session.get("lang", "id") == "id" else "id"
    target = request.form.get("back", "")
    return redirect(target if target.startswith("/staff") else url_for("applications.queue"))
