"""The staff room: the console (log-in, applications and their checklists, notices and broadcasts,
messages, accounts and their sessions, residents' rights, the access log and breach report, walk-ins
at the counter, the catalog editor, the staff guide) and `flask staff`."""

from flask import Flask, g
from sqlalchemy.orm import Session

from ..services import services_of
from ..store.privacy import count_open
from ..web.login import t
from . import admin, applications, auth, catalog, cli, counter, guide, notices, records, rights


def init_app(app: Flask) -> None:
    """Install template helpers and the console's pages."""
    app.jinja_env.globals.update(t=t, dpo=services_of(app).settings.section("privacy"))
    for console in (auth, applications, notices, admin, records, rights, counter, catalog, guide):
        app.register_blueprint(console.bp)
    app.cli.add_command(cli.staff)

    @app.context_processor
    def open_requests():
        """Residents' data requests not yet answered (and how many are late): a badge in the admin's
        menu, and a line on the queue for every member."""
        if not g.get("staff"):
            return {}
        with Session(services_of(app).database) as db:
            return {"open_requests": count_open(db)}
