"""`flask privacy ...` and `flask keys ...`: retention, the breach export, and DATA_KEY rotation,
from the server (the console has the same breach export for admins)."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..services import current_services
from ..store.privacy import (
    access_csv,
    access_rows,
    affected_residents,
    apply_retention,
    keys_pending,
    notice_draft,
    rotate_nik_keys,
)
from ..store.staff import audit

privacy = AppGroup("privacy", help="Personal data: retention and the breach export.")
keys = AppGroup("keys", help="DATA_KEY rotation.")


@privacy.command("retention")
@click.option("--dry-run", is_flag=True, help="Only count what would be erased.")
def retention(dry_run: bool) -> None:
    """Erase what is past its retention period now (the worker also does this daily)."""
    services = current_services()
    report = apply_retention(services.database, services.settings.section("privacy"), datetime.now(UTC),
                             dry_run=dry_run)
    click.echo(f"{'would erase' if dry_run else 'erased'}: {report}")


@privacy.command("breach")
@click.option("--from", "start", required=True, help="Start of the window, local time: 2026-11-28T08:00")
@click.option("--to", "end", required=True, help="End of the window (not included), local time")
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder for access-<from>.csv and notice-<from>.txt")
def breach(start: str, end: str, out: Path) -> None:
    """Export the access log for a window as CSV, and a draft of the Pasal 46 notice from it."""
    services = current_services()
    zone = ZoneInfo(services.settings.timezone)
    try:
        begin, until = (datetime.fromisoformat(v).replace(tzinfo=zone) for v in (start, end))
    except ValueError:
        raise click.BadParameter("times look like 2026-11-28T08:00 (the office's time zone)") from None
    if until <= begin:
        raise click.BadParameter("--to must come after --from")
    with Session(services.database) as session, session.begin():
        rows = access_rows(session, begin, until)
        affected = affected_residents(session, rows)
        table = access_csv(rows, services.settings.timezone)
        notice = notice_draft(rows, affected, begin, until, services.catalog.office.name,
                              services.settings.section("privacy"), services.settings.timezone,
                              datetime.now(UTC))
        audit(session, "server", "breach_export", detail=f"{begin.isoformat()} - {until.isoformat()}")
    stamp = f"{begin:%Y%m%d%H%M}"
    (out / f"access-{stamp}.csv").write_text(table, encoding="utf-8")
    (out / f"notice-{stamp}.txt").write_text(notice, encoding="utf-8")
    click.echo(f"{len(rows)} access-log row(s), {affected} resident(s): {out}/access-{stamp}.csv, "
               f"{out}/notice-{stamp}.txt (a draft: finish it before sending)")


@keys.command("rotate")
def rotate() -> None:
    """Re-encrypt every NIK and WhatsApp message under DATA_KEY (reading DATA_KEY_OLD); safe to
    interrupt and run again."""
    services = current_services()
    report = rotate_nik_keys(services.database, services.vault)
    click.echo(f"re-encrypted {report.rotated}, already current {report.current}, unreadable "
               f"{report.unreadable}; WhatsApp messages re-encrypted {report.messages}")
    if report.unreadable:
        raise click.ClickException("some NIKs were made with neither key: find that key before dropping any")
    click.echo("done: remove DATA_KEY_OLD and restart web and worker" if services.vault.rotating
               else "done")


@keys.command("status")
def status() -> None:
    """Say how many NIKs are not yet under the newest DATA_KEY."""
    services = current_services()
    click.echo(f"{keys_pending(services.database, services.vault)} value(s) not yet under DATA_KEY")
