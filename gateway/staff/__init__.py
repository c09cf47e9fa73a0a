"""The staff room: the console (log-in, applications and their checklists, notices and broadcasts,
messages, accounts, the access log, walk-ins at the counter, the catalog editor, the staff guide)
and `flask staff`."""

from flask import Flask

from ..services import services_of
from ..web.login import t
from . import admin, applications, auth, catalog, cli, counter, guide, notices
from .csrf import check_csrf, csrf_token


def init_app(app: Flask) -> None:
    """Install CSRF checks, template helpers, the console's cookie settings and its pages."""
    app.before_request(check_csrf)
    app.jinja_env.globals.update(t=t, csrf_token=csrf_token)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=not services_of(app).settings.development,
                      PERMANENT_SESSION_LIFETIME=8 * 3600)
    for console in (auth, applications, notices, admin, counter, catalog, guide):
        app.register_blueprint(console.bp)
    app.cli.add_command(cli.staff)
