"""Keep console sessions on the server (Flask-Session over our Redis): the cookie holds only a random
id, so logging out, a deactivation or an admin can end a session for good (gateway/store/logins.py).

The cookie is HttpOnly, SameSite=Lax and, outside development, Secure; a session unused for
CONSOLE_IDLE_MINUTES expires, and each request pushes that back. Provider callbacks and health
checks get no session at all: they never read one, and opening one cost a USSD hop about a tenth of
its time (bench/RESULTS.md).
"""

from flask import Flask, Request
from flask.sessions import SessionInterface, SessionMixin
from flask_session import Session

from ..services import services_of
from ..store.logins import SESSION_PREFIX

SESSIONLESS = ("/ussd", "/sms/", "/healthz", "/readyz", "/metrics")
SESSIONLESS_EXACTLY = ("/whatsapp",)  # Meta's webhook; the chat simulator under it posts console forms


class SessionlessCallbacks(SessionInterface):
    """Flask-Session's Redis sessions, except a null session for paths that never use one."""

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def __getattr__(self, name: str):
        # Everything else (regenerate at log-in, the Redis client) is Flask-Session's own.
        return getattr(self.inner, name)

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if request.path.startswith(SESSIONLESS) or request.path in SESSIONLESS_EXACTLY:
            return self.make_null_session(app)
        return self.inner.open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response) -> None:
        # Flask never saves a null session, so every session reaching here is Flask-Session's.
        self.inner.save_session(app, session, response)


def init_app(app: Flask) -> None:
    services = services_of(app)
    app.config.update(
        SESSION_TYPE="redis", SESSION_REDIS=services.redis, SESSION_KEY_PREFIX=SESSION_PREFIX,
        SESSION_PERMANENT=True, SESSION_USE_SIGNER=False,
        PERMANENT_SESSION_LIFETIME=services.settings.section("console").idle_seconds,
        SESSION_COOKIE_NAME="sapa_console", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not services.settings.development)
    Session(app)
    app.session_interface = SessionlessCallbacks(app.session_interface)
