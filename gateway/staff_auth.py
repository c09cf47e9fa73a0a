"""Console log-in and log-out, the login_required guard, and CSRF protection for every form."""

import functools
import hmac
import secrets
import tomllib
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session

from .audit import audit
from .records import StaffUser
from .staff_accounts import authenticate

bp = Blueprint("staff_auth", __name__, url_prefix="/staff")
CONSOLE_TEXTS = tomllib.loads((Path(__file__).parent / "console_texts.toml").read_text(encoding="utf-8"))


def t(key: str) -> str:
    """A console label in the language this staff member chose."""
    return CONSOLE_TEXTS[session.get("lang", "id")][key]


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse any state-changing request to the console without the session's token."""
    if request.method == "POST" and request.path.startswith("/staff"):
        given = request.form.get("csrf_token", "")
        if not given or not hmac.compare_digest(given, session.get("csrf", "")):
            abort(400, "the form expired or did not come from this console; reload the page and try again")


def login_required(role: str | None = None):
    """Let a logged-in, active staff member through (an admin, when role="admin")."""
    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            staff_id = session.get("staff_id")
            if staff_id is None:
                return redirect(url_for("staff_auth.login", next=request.path))
            with Session(current_app.extensions["sapa"].database) as db:
                user = db.get(StaffUser, staff_id)
                if user is None or not user.active:
                    session.clear()
                    return redirect(url_for("staff_auth.login"))
                g.staff = {"id": user.id, "username": user.username, "role": user.role}
            if role and g.staff["role"] != role:
                abort(403, t("forbidden"))
            return view(*args, **kwargs)
        return guarded
    return decorate


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        with Session(current_app.extensions["sapa"].database) as db, db.begin():
            user, outcome = authenticate(db, request.form.get("username", "")[:40],
                                         request.form.get("password", "")[:200])
            audit(db, request.form.get("username", "")[:40], f"login_{outcome}")
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


def init_app(app) -> None:
    """Install CSRF checks, template helpers and the console's cookie settings."""
    app.before_request(check_csrf)
    app.jinja_env.globals.update(t=t, csrf_token=csrf_token)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=not app.extensions["sapa"].settings.development,
                      PERMANENT_SESSION_LIFETIME=8 * 3600)
    app.register_blueprint(bp)
