"""Flask commands for the technician: `db upgrade` and `catalog check`."""

from pathlib import Path

import click
from flask.cli import AppGroup

from ..services import current_services
from ..store.schema import upgrade
from .catalog_check import check_catalog

db = AppGroup("db", help="Database schema.")
catalog = AppGroup("catalog", help="The service catalog.")


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to DATABASE_URL."""
    upgrade(current_services().database)
    click.echo("database schema is up to date")


@catalog.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def catalog_check(path: Path | None) -> None:
    """Validate a catalog file (default: CATALOG_PATH) and prove every screen fits."""
    ok, report = check_catalog(path or current_services().settings.catalog_path)
    click.echo(report, err=not ok)
    if not ok:
        raise SystemExit(1)

