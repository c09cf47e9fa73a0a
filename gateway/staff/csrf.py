"""CSRF protection for every console form: a per-session token each POST must carry."""

import hmac
import secrets

from flask import abort, request, session


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
