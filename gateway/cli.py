"""Flask commands: `db upgrade`, `catalog check`, and the `sms` and `staff` groups (their own modules)."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .catalog_check import check_catalog
from .schema import upgrade
from .sms_cli import sms
from .staff_cli import staff

db = AppGroup("db", help="Database schema.")
catalog = AppGroup("catalog", help="The service catalog.")


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to DATABASE_URL."""
    upgrade(current_app.extensions["sapa"].database)
    click.echo("database schema is up to date")


@catalog.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def catalog_check(path: Path | None) -> None:
    """Validate a catalog file (default: CATALOG_PATH) and prove every screen fits."""
    ok, report = check_catalog(path or current_app.extensions["sapa"].settings.catalog_path)
    click.echo(report, err=not ok)
    if not ok:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(db)
    app.cli.add_command(catalog)
    app.cli.add_command(sms)
    app.cli.add_command(staff)
