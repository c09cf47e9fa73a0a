"""Send one recorded SMS: claim it, call the provider, record what it said."""

import logging
from datetime import UTC, datetime

from rq import get_current_job
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..errors import TransientSendError
from ..providers import Outcome, Receipt
from ..services import Services
from ..store.messages import (
    EarlyDeliveryReport,
    MessageStatus,
    OutboundSms,
    Purpose,
    SendingPause,
    open_pause,
)
from ..store.phones import opted_out, set_broadcasts
from .delivery import apply_early_reports
from .quiet_hours import quiet_until

log = logging.getLogger(__name__)


def send_message(services: Services, message_id: int) -> str:
    """Send one recorded message unless it is already handled; say what happened."""
    settings = services.settings
    with Session(services.database) as session:
        message = session.get(OutboundSms, message_id)
        if message is None or message.status != MessageStatus.QUEUED:
            return f"nothing to do: {message.status if message else 'no such message'}"
        if open_pause(session):
            message.status = MessageStatus.HELD
            session.commit()
            return "held: sending is paused"
        if message.purpose != Purpose.REPLY:
            until = quiet_until(datetime.now(UTC), settings.quiet_hours, settings.timezone)
            if until:
                message.send_after = until
                session.commit()
                services.jobs.send_at(message_id, until)
                return f"waiting for quiet hours to end at {until.isoformat()}"
        if message.purpose == Purpose.BROADCAST and opted_out(session, message.phone):
            message.status, message.last_error = MessageStatus.FAILED, "resident opted out (STOP)"
            session.commit()
            return "not sent: opted out"
        # Claim it: only one worker moves a message from queued to sending.
        claimed = session.execute(
            update(OutboundSms).where(OutboundSms.id == message_id,
                                      OutboundSms.status == MessageStatus.QUEUED)
            .values(status=MessageStatus.SENDING, attempts=OutboundSms.attempts + 1)).rowcount
        session.commit()
        if not claimed:
            return "nothing to do: another worker has it"
        phone, text = message.phone, message.text
    try:
        [receipt] = services.provider.send([phone], text)
    except TransientSendError as exc:
        return _transient(services, message_id, str(exc))
    if receipt.outcome == Outcome.RETRY:
        return _transient(services, message_id, receipt.detail)
    return record_receipt(services, message_id, receipt)


def _transient(services: Services, message_id: int, reason: str) -> str:
    """Put the message back in the queue and let RQ retry, or give up on the last attempt."""
    job = get_current_job()
    retrying = bool(job and job.retries_left)
    with Session(services.database) as session, session.begin():
        message = session.get(OutboundSms, message_id)
        message.status = MessageStatus.QUEUED if retrying else MessageStatus.FAILED
        gave_up = f"gave up after {message.attempts} attempts: {reason}"
        message.last_error = (reason if retrying else gave_up)[:200]
    if retrying:
        raise TransientSendError(reason)  # RQ schedules the retry with the configured backoff
    return f"failed: {reason}"


def record_receipt(services: Services, message_id: int, receipt: Receipt) -> str:
    """Record what the provider said, then apply any delivery report that came before it."""
    return record_receipts(services, [(message_id, receipt)])[0]


def record_receipts(services: Services, receipts: list[tuple[int, Receipt]]) -> list[str]:
    """Record what the provider said about each message in one transaction, then apply delivery
    reports that came before; say what happened to each."""
    accepted = [(m, r) for m, r in receipts if r.accepted]
    refused = [(m, r) for m, r in receipts if not r.accepted]
    now, outcomes = datetime.now(UTC), {}
    with Session(services.database) as session, session.begin():
        if accepted:  # the usual case, set-based: one executemany UPDATE by primary key
            session.execute(update(OutboundSms), [
                {"id": message_id, "provider": services.provider.name, "cost": r.cost,
                 "provider_message_id": r.message_id or None, "status": MessageStatus.SENT, "sent_at": now,
                 "updated_at": now, "last_error": "" if r.message_id else "provider answer unreadable"}
                for message_id, r in accepted])
            outcomes.update((message_id, "sent") for message_id, _ in accepted)
        messages = {m.id: m for m in session.scalars(select(OutboundSms).where(
            OutboundSms.id.in_([message_id for message_id, _ in refused])))} if refused else {}
        for message_id, receipt in refused:
            outcomes[message_id] = _store_refusal(session, services.provider.name, messages[message_id],
                                                  receipt)
    ids = [r.message_id for _, r in receipts if r.accepted and r.message_id]
    try:
        # One look for early reports across the batch; a report before its id is the rare case.
        with Session(services.database) as session:
            early = set(session.scalars(select(EarlyDeliveryReport.provider_message_id).where(
                EarlyDeliveryReport.provider_message_id.in_(ids)).distinct()))
        for provider_message_id in early:
            apply_early_reports(services.database, provider_message_id)
    except SQLAlchemyError:  # the messages are sent; a kept report waits, as it would have
        log.exception("could not apply early delivery reports to %d message(s)", len(ids))
    return [outcomes[message_id] for message_id, _ in receipts]


def _store_refusal(session: Session, provider: str, message: OutboundSms, receipt: Receipt) -> str:
    message.provider = provider
    message.provider_message_id = receipt.message_id or None
    message.cost = receipt.cost
    message.last_error = receipt.detail[:200]
    if receipt.outcome == Outcome.STOP_ALL:
        message.status = MessageStatus.HELD
        if not open_pause(session):
            session.add(SendingPause(reason=f"{receipt.detail}: top up the provider account"[:200]))
            session.flush()  # the next refused recipient of a batch sees this pause
        log.error("provider balance ran out: all sending is paused until `flask sms resume`")
        return "held: balance ran out, sending paused"
    message.status = MessageStatus.FAILED
    if receipt.opted_out:
        set_broadcasts(session, message.phone, False)
    log.warning("SMS %s to %s refused: %s", message.id, mask_phone(message.phone), message.last_error)
    return f"failed: {message.last_error}"
