"""Flask commands for the technician: `db upgrade`, `catalog check`, `publish` and `export`,
`backup` and `restore`."""

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.orm import Session

from menus import parse_catalog
from menus.changes import describe_changes

from ..services import current_services
from ..store.catalog import versions
from ..store.schema import upgrade
from .backup import BackupError, backup, restore
from .catalog_check import check_catalog

PUBLISHER = "flask catalog publish"

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


@catalog.command("publish")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
def catalog_publish(path: Path) -> None:
    """Check a catalog file and publish it as the next version (as the console's editor does)."""
    ok, report = check_catalog(path)
    if not ok:
        click.echo(report, err=True)
        raise SystemExit(1)
    services = current_services()
    text = path.read_text(encoding="utf-8")
    with Session(services.database) as session, session.begin():
        current = versions.latest(session)
        summary = describe_changes(parse_catalog(current.toml) if current else None, parse_catalog(text))
        row = versions.new_version(text, PUBLISHER, current.number if current else None)
        versions.publish(session, row, PUBLISHER, f"{path.name}: {summary}")
        number = row.number
    services.catalogs.published(number)
    click.echo(f"catalog version {number} published ({summary}); every process serves it within seconds")


@catalog.command("export")
@click.argument("path", required=False, type=click.Path(path_type=Path, dir_okay=False))
def catalog_export(path: Path | None) -> None:
    """Write the catalog in force as TOML (to PATH, or to standard output)."""
    with Session(current_services().database) as session:
        current = versions.latest(session)
        if current is None:
            raise click.ClickException("no published catalog version yet")
        text = current.toml
    if path is None:
        click.echo(text, nl=False)
    else:
        path.write_text(text, encoding="utf-8")
