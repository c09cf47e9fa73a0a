"""Send one recorded SMS: claim it, call the provider, record what it said."""

import logging
from datetime import UTC, datetime

from rq import get_current_job
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..backoff import patiently
from ..errors import TransientSendError
from ..providers import Outcome
from ..quiet_hours import quiet_until
from ..services import Services
from ..store.messages import (
    MessageStatus,
    OutboundSms,
    Purpose,
    open_pause,
)
from ..store.phones import opted_out
from .budget import defer_when_spent
from .receipts import RECEIPT_PATIENCE, record_receipt

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
        if message.purpose == Purpose.BROADCAST:
            tomorrow = defer_when_spent(services, session, [message.id], message.segments, datetime.now(UTC))
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
        phone, text, attempt, key = message.phone, message.text, message.attempts, message.send_key
    try:
        [receipt] = services.provider.send([phone], text, [key])
    except TransientSendError as exc:
        return _transient(services, message_id, str(exc), attempt)
    if receipt.outcome == Outcome.RETRY:
        return _transient(services, message_id, receipt.detail, attempt)
    return record_receipt(services, message_id, receipt, attempt)


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
