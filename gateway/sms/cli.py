"""`flask --app gateway sms ...`: see the message queue, re-queue failures, resume after a pause."""

import click
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..errors import ProviderSetupError
from ..jobs import recording
from ..services import current_services
from ..store.messages import MessageStatus, OutboundSms, open_pause, resume_sending
from ..web.times import local_text
from .providers.android import AndroidGatewayProvider
from .providers.smpp import SmppProvider
from .recovery import sweep

sms = AppGroup("sms", help="Outgoing SMS: status, failures, retries, pauses.")
NEEDS_ATTENTION = (MessageStatus.FAILED, MessageStatus.UNDELIVERED)


@sms.command("status")
def status() -> None:
    """Count messages by status and by the provider that took them; say whether sending is paused."""
    services = current_services()
    click.echo(f"provider in use: {services.provider.name}")
    if isinstance(services.provider, SmppProvider):
        click.echo(f"SMPP link: {services.provider.link_state()}")
    with Session(services.database) as session:
        counts = session.execute(select(OutboundSms.status, OutboundSms.provider, func.count())
                                 .group_by(OutboundSms.status, OutboundSms.provider))
        for name, provider, count in sorted(counts):
            click.echo(f"{name:12} {count:>6}  {provider or '-'}")
        pause = open_pause(session)
        since = local_text(pause.paused_at, services.settings.timezone, "%Y-%m-%d %H:%M %Z") if pause else ""
        click.echo(f"PAUSED since {since}: {pause.reason}" if pause else "sending: running")


@sms.command("failed")
def failed() -> None:
    """List messages that failed or never reached the phone: call these residents instead."""
    with Session(current_services().database) as session:
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
    services = current_services()
    with recording(services.database, services.jobs) as (session, after):
        query = select(OutboundSms).where(OutboundSms.status.in_(NEEDS_ATTENTION))
        if not all_failed:
            query = query.where(OutboundSms.id.in_(ids))
        chosen = session.scalars(query).all()
        for message in chosen:
            message.status, message.last_error = MessageStatus.QUEUED, ""
            after.send(message.id, force=True)
    click.echo(f"{len(chosen)} message(s) queued again")


@sms.command("resume")
@click.option("--by", "who", required=True, help="Who resumes (kept with the pause record).")
def resume(who: str) -> None:
    """End a sending pause (after topping up the provider account) and queue held messages."""
    services = current_services()
    with recording(services.database, services.jobs) as (session, after):
        held_ids = resume_sending(session, who)
        for message_id in held_ids:
            after.send(message_id, force=True)
    click.echo(f"sending resumed; {len(held_ids)} held message(s) queued again")


@sms.command("sweep")
def sweep_command() -> None:
    """Re-queue messages a lost job or a stopped worker left behind (the worker does this too)."""
    click.echo(f"{sweep(current_services())} item(s) re-queued")



@sms.command("phone-webhooks")
@click.argument("public_url")
def phone_webhooks(public_url: str) -> None:
    """Tell the office's Android phone to post its SMS and reports to PUBLIC_URL/sms/android."""
    services = current_services()
    if not isinstance(services.provider, AndroidGatewayProvider):
        raise click.UsageError("SMS_PROVIDER is not android")
    if not public_url.startswith("https://"):  # the app calls nothing else (but http://127.0.0.1)
        raise click.BadParameter("the phone only calls https:// addresses", param_hint="PUBLIC_URL")
    endpoint = f"{public_url.rstrip('/')}/sms/android"
    token = services.settings.callback_token
    try:
        events = services.provider.register_webhooks(f"{endpoint}?token={token}" if token else endpoint)
    except ProviderSetupError as exc:
        raise click.ClickException(str(exc)) from exc
    shown = f"{endpoint}?token=(CALLBACK_TOKEN)" if token else endpoint  # the token stays off the screen
    click.echo(f"the phone posts {', '.join(events)} to {shown}")
