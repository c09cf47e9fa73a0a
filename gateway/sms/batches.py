"""Send one broadcast text to many recipients in one provider request, per-recipient results."""

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import TransientSendError
from ..quiet_hours import quiet_until
from ..services import Services
from ..store.messages import MessageStatus, OutboundSms, open_pause, send_key
from ..store.phones import PhonePreference
from .budget import defer_when_spent
from .receipts import record_receipts


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
        in_batch = (OutboundSms.id.in_(message_ids), OutboundSms.status == MessageStatus.QUEUED)
        # Set-based, not row by row: a broadcast is a hundred of these batches.
        session.execute(update(OutboundSms).where(*in_batch, OutboundSms.phone.in_(
            select(PhonePreference.phone).where(PhonePreference.broadcasts.is_(False))))
            .values(status=MessageStatus.FAILED, last_error="resident opted out (STOP)")
            .execution_options(synchronize_session=False))
        waiting = session.execute(select(OutboundSms.id, OutboundSms.segments).where(*in_batch)).all()
        tomorrow = defer_when_spent(services, session, [i for i, _ in waiting], sum(n for _, n in waiting),
                                    now)
        if tomorrow:
            services.jobs.batch_at([i for i, _ in waiting], tomorrow)
            return f"waiting for tomorrow's SMS budget ({tomorrow.isoformat()})"
        # Claimed by this UPDATE: no other job takes these rows.
        mine = session.execute(update(OutboundSms).where(*in_batch)
                               .values(status=MessageStatus.SENDING, attempts=OutboundSms.attempts + 1)
                               .returning(OutboundSms.id, OutboundSms.phone, OutboundSms.text,
                                          OutboundSms.created_at)
                               .execution_options(synchronize_session=False)).all()
        by_phone = {phone: message_id for message_id, phone, _, _ in mine}
        key_of = {phone: send_key(message_id, created) for message_id, phone, _, created in mine}
        texts = {text for _, _, text, _ in mine}
    if not by_phone:
        return "nothing to do"
    assert len(texts) == 1, "a batch carries one text"
    try:
        receipts = services.provider.send(list(by_phone), texts.pop(), [key_of[p] for p in by_phone])
    except TransientSendError as exc:
        with Session(services.database) as session, session.begin():
            session.execute(update(OutboundSms).where(OutboundSms.id.in_(list(by_phone.values())))
                            .values(status=MessageStatus.QUEUED, last_error=str(exc)[:200]))
        raise
    outcomes = record_receipts(services, [(by_phone[r.phone], r) for r in receipts if r.phone in by_phone])
    return f"{outcomes.count('sent')} of {len(by_phone)} sent"
