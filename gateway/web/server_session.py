"""Keep console sessions on the server (Flask-Session over our Redis): the cookie holds only a random
id, so logging out, a deactivation or an admin can end a session for good (gateway/store/logins.py).

The cookie is HttpOnly, SameSite=Lax and, outside development, Secure; a session unused for
CONSOLE_IDLE_MINUTES expires, and each request pushes that back. Requests without the cookie (the
provider's callbacks) never touch Redis for a session.
"""

from flask import Flask
from flask_session import Session

from ..services import services_of
from ..store.logins import SESSION_PREFIX


def init_app(app: Flask) -> None:
    services = services_of(app)
    app.config.update(
        SESSION_TYPE="redis", SESSION_REDIS=services.redis, SESSION_KEY_PREFIX=SESSION_PREFIX,
        SESSION_PERMANENT=True, SESSION_USE_SIGNER=False,
        PERMANENT_SESSION_LIFETIME=services.settings.section("console").idle_seconds,
        SESSION_COOKIE_NAME="sapa_console", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not services.settings.development)
    Session(app)
