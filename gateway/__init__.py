"""Sapa's web gateway: provider callbacks, the staff console, health checks and commands.

WSGI entry point: gateway:create_app(). Each room (ops, ussd, sms, staff, and whatsapp when its
settings are present) registers itself.
"""

import logging

from flask import Flask

from . import ops, sms, staff, ussd, web, whatsapp
from .bootstrap import bootstrap, read_settings
from .logs import configure_logging
from .services import EXTENSION
from .settings import Settings

MAX_BODY_BYTES = 16 * 1024  # a USSD or SMS callback is a few hundred bytes


def create_app(settings: Settings | None = None) -> Flask:
    """Build the Flask app from settings (read from the environment when not given)."""
    settings = settings or read_settings()
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
                      MAX_FORM_MEMORY_SIZE=MAX_BODY_BYTES)
    app.extensions[EXTENSION] = bootstrap(settings)
    configure_logging("web")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO lines at every start are noise
    web.init_app(app)
    for room in (ops, ussd, sms, staff):
        room.init_app(app)
    if settings.sections.get("whatsapp"):  # on when its settings are present
        whatsapp.init_app(app)
    web.trust_proxies(app)
    return app
