"""Sapa's web gateway: provider callbacks, the staff console, health checks and commands.

WSGI entry point: gateway:create_app().
"""

import logging

from flask import Flask

from .bootstrap import Services, bootstrap
from .settings import Settings

MAX_BODY_BYTES = 16 * 1024  # a USSD or SMS callback is a few hundred bytes


def create_app(settings: Settings | None = None) -> Flask:
    """Build the Flask app from settings (read from the environment when not given)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
                      MAX_FORM_MEMORY_SIZE=MAX_BODY_BYTES)
    app.extensions["sapa"] = bootstrap(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s web %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO lines at every start are noise

    from . import (
        cli,
        errors_http,
        health,
        security,
        simulator,
        sms,
        staff_admin,
        staff_applications,
        staff_auth,
        staff_notices,
        ussd,
    )

    errors_http.init_app(app)
    security.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(ussd.bp)
    app.register_blueprint(sms.bp)
    staff_auth.init_app(app)
    for console in (staff_applications, staff_notices, staff_admin):
        app.register_blueprint(console.bp)
    if settings.simulator_enabled:
        app.register_blueprint(simulator.bp)
    cli.init_app(app)
    return app


def services(app: Flask) -> Services:
    """Return the dependencies built for this app."""
    return app.extensions["sapa"]
