"""The staff room: the console (log-in, the lurah's summary, monthly report and exports,
applications and their checklists, notices and broadcasts, messages, accounts and their sessions,
residents' rights, the access log and breach report, walk-ins at the counter, the catalog editor,
the staff guide) and `flask staff`."""

from flask import Flask, g
from sqlalchemy.orm import Session

from ..services import services_of
from ..store.privacy import count_open
from ..web.login import t, word
from ..web.times import MINUTE, SECOND, local_text
from . import admin, applications, auth, catalog, cli, counter, guide, notices, records, reports, rights


def init_app(app: Flask) -> None:
    """Install template helpers and the console's pages."""
    settings = services_of(app).settings
    app.jinja_env.globals.update(t=t, word=word, dpo=settings.section("privacy"), SECOND=SECOND,
                                 ZONED=f"{MINUTE} %Z")
    # Every time a console page shows goes through this filter: the office's zone, never UTC.
    app.jinja_env.filters["local"] = lambda value, fmt=MINUTE: local_text(value, settings.timezone, fmt)
    for console in (auth, reports, applications, notices, admin, records, rights, counter, catalog, guide):
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
