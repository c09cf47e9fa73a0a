"""Send one recorded SMS: claim it, call the provider, record what it said."""

import logging
from datetime import UTC, datetime

from rq import get_current_job
from sqlalchemy import Engine, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..backoff import patiently
from ..errors import TransientSendError
from ..providers import Outcome, Receipt, SmsProvider, message_ref, traceable
from ..quiet_hours import quiet_until
from ..services import Services
from ..store.messages import MessageStatus, OutboundSms, Purpose, SendingPause, open_pause
from ..store.phones import opted_out, set_broadcasts
from .budget import defer_when_spent
from .delivery import apply_early_reports

log = logging.getLogger(__name__)
# Once the provider has answered, what it said must be written down, or the message would be sent
# again: wait this long for a lost database before giving up (the job's timeout is longer).
RECEIPT_PATIENCE = 120.0


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
        if message.purpose == Purpose.BROADCAST:
            tomorrow = defer_when_spent(services, session, [message], datetime.now(UTC))
            if tomorrow:
                session.commit()
                services.jobs.send_at(message_id, tomorrow)
                return f"waiting for tomorrow's SMS budget ({tomorrow.isoformat()})"
        # Claim it: only one worker moves a message from queued to sending.
        claimed = session.execute(
            update(OutboundSms).where(OutboundSms.id == message_id,
                                      OutboundSms.status == MessageStatus.QUEUED)
            .values(status=MessageStatus.SENDING, attempts=OutboundSms.attempts + 1)).rowcount
        session.commit()
        if not claimed:
            return "nothing to do: another worker has it"
        phone, text, attempt = message.phone, message.text, message.attempts
    try:
        [receipt] = send_one(services.provider, message_id, phone, text)
    except TransientSendError as exc:
        return _transient(services, message_id, str(exc), attempt)
    if receipt.outcome == Outcome.RETRY:
        return _transient(services, message_id, receipt.detail, attempt)
    return record_receipt(services, message_id, receipt, attempt)


def send_one(provider: SmsProvider, message_id: int, phone: str, text: str) -> list[Receipt]:
    """Send one message, under our reference when the provider keeps one (so the sweep can ask)."""
    if traceable(provider):
        return provider.send([phone], text, ref=message_ref(message_id))
    return provider.send([phone], text)


def _transient(services: Services, message_id: int, reason: str, attempt: int) -> str:
    """Put the message back in the queue and let RQ retry, or give up on the last attempt."""
    job = get_current_job()
    retrying = bool(job and job.retries_left)

    def write() -> None:
        with Session(services.database) as session, session.begin():
            message = session.get(OutboundSms, message_id)
            if message.attempts != attempt:
                return  # the sweep took it from this (silent) job and another attempt owns it now
            message.status = MessageStatus.QUEUED if retrying else MessageStatus.FAILED
            gave_up = f"gave up after {message.attempts} attempts: {reason}"
            message.last_error = (reason if retrying else gave_up)[:200]

    patiently(write, f"recording that SMS {message_id} waits for a retry", RECEIPT_PATIENCE)
    if retrying:
        raise TransientSendError(reason)  # RQ schedules the retry with the configured backoff
    return f"failed: {reason}"


def record_receipt(services: Services, message_id: int, receipt: Receipt, attempt: int | None = None) -> str:
    """Record what the provider said, then apply any delivery report that came before it.

    `attempt` is the claim this answer belongs to: when another attempt has claimed the message
    since (the sweep took it from a silent job), that attempt's answer is the one kept."""
    outcome, spent = patiently(
        lambda: _store_receipt(services.database, services.provider.name, message_id, receipt, attempt),
        f"recording the provider's answer for SMS {message_id}", RECEIPT_PATIENCE)
    if spent:
        services.counters.spend(spent, datetime.now(UTC))
    if receipt.accepted and receipt.message_id:
        try:
            apply_early_reports(services.database, receipt.message_id)
        except SQLAlchemyError:  # the message is sent; the kept report waits, as it would have
            log.exception("could not apply an early delivery report to SMS %s", message_id)
    return outcome


def _store_receipt(database: Engine, provider: str, message_id: int, receipt: Receipt,
                   attempt: int | None) -> tuple[str, int]:
    """Record the receipt; return what happened and the segments it spent from today's budget
    (none for a broadcast: it took its share before it was sent)."""
    with Session(database) as session, session.begin():
        message = session.get(OutboundSms, message_id)
        if attempt is not None and message.attempts != attempt:
            log.warning("SMS %s: the provider answered attempt %s after attempt %s took over",
                        message_id, attempt, message.attempts)
            return "superseded", 0
        message.provider = provider
        message.provider_message_id = receipt.message_id or None
        message.cost = receipt.cost
        if receipt.accepted:
            message.status, message.sent_at = MessageStatus.SENT, datetime.now(UTC)
            message.last_error = "" if receipt.message_id else "provider answer unreadable"
            return "sent", 0 if message.purpose == Purpose.BROADCAST else message.segments
        message.last_error = receipt.detail[:200]
        if receipt.outcome == Outcome.STOP_ALL:
            message.status = MessageStatus.HELD
            if not open_pause(session):
                session.add(SendingPause(reason=f"{receipt.detail}: top up the provider account"[:200]))
            log.error("provider balance ran out: all sending is paused until `flask sms resume`")
            return "held: balance ran out, sending paused", 0
        message.status = MessageStatus.FAILED
        if receipt.opted_out:
            set_broadcasts(session, message.phone, False)
        log.warning("SMS %s to %s refused: %s", message_id, mask_phone(message.phone), message.last_error)
        return f"failed: {message.last_error}", 0
