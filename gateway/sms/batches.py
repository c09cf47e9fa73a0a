"""Send one broadcast text to many recipients in one provider request, per-recipient results."""

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import TransientSendError
from ..quiet_hours import quiet_until
from ..services import Services
from ..store.messages import MessageStatus, OutboundSms, open_pause
from ..store.phones import opted_out
from .budget import defer_when_spent
from .sending import record_receipt


def send_batch(services: Services, message_ids: list[int]) -> str:
    """Claim the queued messages of one broadcast, send them in one request, record each receipt."""
    settings, now = services.settings, datetime.now(UTC)
    until = quiet_until(now, settings.quiet_hours, settings.timezone)
    if until:
        services.jobs.batch_at(message_ids, until)
        return f"waiting for quiet hours to end at {until.isoformat()}"
    with Session(services.database) as session, session.begin():
        if open_pause(session):
            session.execute(update(OutboundSms).where(OutboundSms.id.in_(message_ids),
                                                      OutboundSms.status == MessageStatus.QUEUED)
                            .values(status=MessageStatus.HELD))
            return "held: sending is paused"
        queued = session.scalars(select(OutboundSms).where(
            OutboundSms.id.in_(message_ids), OutboundSms.status == MessageStatus.QUEUED)).all()
        for message in queued:
            if opted_out(session, message.phone):
                message.status, message.last_error = MessageStatus.FAILED, "resident opted out (STOP)"
        mine = [m for m in queued if m.status == MessageStatus.QUEUED]
        tomorrow = defer_when_spent(services, session, mine, now)
        if tomorrow:
            services.jobs.batch_at([m.id for m in mine], tomorrow)
            return f"waiting for tomorrow's SMS budget ({tomorrow.isoformat()})"
        for message in mine:  # claimed inside this transaction: no other job takes them
            message.status, message.attempts = MessageStatus.SENDING, message.attempts + 1
        by_phone = {m.phone: m.id for m in mine}
        texts = {m.text for m in mine}
    if not by_phone:
        return "nothing to do"
    assert len(texts) == 1, "a batch carries one text"
    try:
        receipts = services.provider.send(list(by_phone), texts.pop())
    except TransientSendError as exc:
        with Session(services.database) as session, session.begin():
            session.execute(update(OutboundSms).where(OutboundSms.id.in_(list(by_phone.values())))
                            .values(status=MessageStatus.QUEUED, last_error=str(exc)[:200]))
        raise
    outcomes = [record_receipt(services, by_phone[r.phone], r) for r in receipts if r.phone in by_phone]
    return f"{outcomes.count('sent')} of {len(by_phone)} sent"
