"""`flask --app gateway sms ...`: see the message queue, re-queue failures, resume after a pause."""


import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from .models import MessageStatus, OutboundSms
from .outbox import enqueue_send, open_pause, resume_sending

sms = AppGroup("sms", help="Outgoing SMS: status, failures, retries, pauses.")
NEEDS_ATTENTION = (MessageStatus.FAILED, MessageStatus.UNDELIVERED)


@sms.command("status")
def status() -> None:
    """Count messages by status and say whether sending is paused."""
    with Session(_services().database) as session:
        counts = session.execute(select(OutboundSms.status, func.count()).group_by(OutboundSms.status))
        for name, count in sorted(counts):
            click.echo(f"{name:12} {count}")
        pause = open_pause(session)
        click.echo(f"PAUSED since {pause.paused_at:%Y-%m-%d %H:%M}: {pause.reason}" if pause
                   else "sending: running")


@sms.command("failed")
def failed() -> None:
    """List messages that failed or never reached the phone: call these residents instead."""
    with Session(_services().database) as session:
        rows = session.scalars(select(OutboundSms).where(OutboundSms.status.in_(NEEDS_ATTENTION))
                               .order_by(OutboundSms.id)).all()
        for m in rows:
            click.echo(f"#{m.id} {mask_phone(m.phone)} {m.purpose} {m.status} after {m.attempts} "
                       f"attempt(s): {m.last_error}")
        click.echo(f"{len(rows)} message(s) need attention: call these residents instead, or re-queue "
                   "with: flask --app gateway sms retry ID")


@sms.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="Re-queue every failed or undelivered message.")
def retry(ids: tuple[int, ...], all_failed: bool) -> None:
    """Queue failed or undelivered messages again."""
    if not ids and not all_failed:
        raise click.UsageError("name message ids, or --all-failed")
    services = _services()
    with Session(services.database) as session, session.begin():
        query = select(OutboundSms).where(OutboundSms.status.in_(NEEDS_ATTENTION))
        if not all_failed:
            query = query.where(OutboundSms.id.in_(ids))
        chosen = session.scalars(query).all()
        for message in chosen:
            message.status, message.last_error = MessageStatus.QUEUED, ""
        chosen_ids = [m.id for m in chosen]
    for message_id in chosen_ids:
        enqueue_send(services.queue, message_id, services.settings.sms_retry_seconds, force=True)
    click.echo(f"{len(chosen_ids)} message(s) queued again")


@sms.command("resume")
@click.option("--by", "who", required=True, help="Who resumes (kept with the pause record).")
def resume(who: str) -> None:
    """End a sending pause (after topping up the provider account) and queue held messages."""
    services = _services()
    with Session(services.database) as session, session.begin():
        held_ids = resume_sending(session, who)
    for message_id in held_ids:
        enqueue_send(services.queue, message_id, services.settings.sms_retry_seconds, force=True)
    click.echo(f"sending resumed; {len(held_ids)} held message(s) queued again")


@sms.command("sweep")
def sweep_command() -> None:
    """Re-queue messages a lost job or a stopped worker left behind (the worker does this too)."""
    from workers.recovery import sweep
    click.echo(f"{sweep()} item(s) re-queued")


def _services():
    return current_app.extensions["sapa"]
