"""The console's log-in guard and its labels, for every page that needs a staff member: the staff
rooms and the simulator. Also writes the access-log row for what the signed-in member sees."""

import functools
import time
import tomllib
from pathlib import Path

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy.orm import Session

from ..services import current_services
from ..store.staff import StaffUser, audit

CONSOLE_TEXTS = tomllib.loads((Path(__file__).parent / "console_texts.toml").read_text(encoding="utf-8"))


def t(key: str) -> str:
    """A console label in the language this staff member chose."""
    return CONSOLE_TEXTS[session.get("lang", "id")][key]


def word(code: str) -> str:
    """A stored code (a message status or purpose, an access-log action) as words in this member's
    language; a code with no words yet is shown as it is."""
    return CONSOLE_TEXTS[session.get("lang", "id")]["words"].get(code, code)


def login_required(role: str | None = None):
    """Let a logged-in, active staff member through (an admin, when role="admin")."""
    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            denied = check_staff(role)
            return denied if denied is not None else view(*args, **kwargs)
        return guarded
    return decorate


def check_staff(role: str | None = None):
    """Return a redirect to the log-in page (or abort 403) unless an allowed member is signed in;
    None lets the request through, with g.staff set."""
    staff_id = session.get("staff_id")
    if staff_id is None:
        return redirect(url_for("staff_auth.login", next=request.path))
    services = current_services()
    # The server decides: a session ended by log-out, an admin, a new password, idleness or age is
    # gone from Redis, whatever cookie the browser still holds.
    live = services.logins.touch(session.sid, staff_id, request.remote_addr or "", time.time())
    with Session(services.database) as db:
        user = db.get(StaffUser, staff_id) if live else None
        if user is None or not user.active:
            services.logins.end(session.sid)
            session.clear()
            return redirect(url_for("staff_auth.login", next=request.path))
        g.staff = {"id": user.id, "username": user.username, "role": user.role}
    if role and g.staff["role"] != role:
        abort(403, t("forbidden"))
    return None


def log_access(db: Session, action: str, target: str = "", detail: str = "") -> None:
    """Record, in the caller's transaction, what the signed-in staff member saw or changed."""
    audit(db, g.staff["username"], action, target, detail, ip=request.remote_addr or "")
