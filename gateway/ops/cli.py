"""Flask commands for the technician: `db upgrade`, `catalog check`, `backup` and `restore`."""

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from ..services import current_services
from ..store.schema import upgrade
from .backup import BackupError, backup, restore
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



@click.command("backup")
@click.option("--to", "folder", default="backups", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the copy (made if missing).")
@with_appcontext
def backup_command(folder: Path) -> None:
    """Copy the database to a file while Sapa runs (DATA_KEY is not in it: keep the key apart)."""
    try:
        copy = backup(current_services().settings.database_url, folder)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"database copied to {copy}")


@click.command("restore")
@click.argument("copy", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(copy: Path, yes: bool) -> None:
    """Replace the database's contents with a copy made by `flask backup` (stop web and workers first)."""
    if not yes:
        click.confirm(f"Replace everything in the database with {copy}?", abort=True)
    try:
        restore(current_services().settings.database_url, copy)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"database restored from {copy}; run `flask --app gateway db upgrade` if it is older")
