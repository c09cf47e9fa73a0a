"""The staff room: the console (log-in, applications and their checklists, notices and broadcasts,
messages, accounts and their sessions, the access log, the catalog) and `flask staff`."""

from flask import Flask

from ..web.login import t
from . import admin, applications, auth, cli, notices, records


def init_app(app: Flask) -> None:
    """Install template helpers, the log-in limit and the console's pages."""
    app.jinja_env.globals.update(t=t)
    for console in (auth, applications, notices, admin, records):
        app.register_blueprint(console.bp)
    auth.limit_logins(app)
    app.cli.add_command(cli.staff)
