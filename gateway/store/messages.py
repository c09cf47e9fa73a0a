"""Outgoing SMS: the message table (the truth; an RQ job only carries a row), pauses, early reports,
and the two ways to record messages: one, or one text to many phones."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Integer, String, Text, false, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from menus import sms_cost, to_gsm7

from .database import Base, UtcDateTime, utcnow

BUDGET_WAITING = "waiting: today's SMS budget is spent"  # a broadcast's last_error while it waits
CHUNK = 500  # rows a statement: well inside SQLite's and PostgreSQL's limits on bound parameters


class MessageStatus(StrEnum):
    """Where an outgoing SMS is in its life (README: "The life of an SMS")."""

    QUEUED = "queued"  # recorded; a job will send it (or is waiting for quiet hours to end)
    SENDING = "sending"  # a worker claimed it and is talking to the provider
    HELD = "held"  # sending is paused (provider balance ran out) until someone resumes it
    SENT = "sent"  # the provider accepted it
    DELIVERED = "delivered"  # the delivery report says it reached the phone
    FAILED = "failed"  # final: refused by the provider, opted out, or retries ran out
    UNDELIVERED = "undelivered"  # accepted but never reached the phone: call the resident instead
    SUPERSEDED = "superseded"  # final: a later status change made this notice out of date; not sent


class Purpose(StrEnum):
    """Why a message is sent; replies go at once, notices and broadcasts wait out quiet hours."""

    REPLY = "reply"
    NOTICE = "notice"
    BROADCAST = "broadcast"


class OutboundSms(Base):
    """One SMS to one phone: the record is the truth, the RQ job only carries it."""

    __tablename__ = "sms_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    phone: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.QUEUED, index=True)
    segments: Mapped[int] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider: Mapped[str] = mapped_column(String(20), server_default="")  # which one sent it
    provider_message_id: Mapped[str | None] = mapped_column(String(100), index=True)
    cost: Mapped[str] = mapped_column(String(40), default="")
    last_error: Mapped[str] = mapped_column(String(200), default="")
    delivery_status: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow,
                                                 onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    send_after: Mapped[datetime | None] = mapped_column(UtcDateTime)  # quiet hours

    @property
    def send_key(self) -> str:
        """This message's name for a provider that dedupes by a client id: the same on every attempt.

        The creation second is part of it because row ids start again from 1 in a new database,
        while the office's phone remembers the ids it was given and would drop a new "sapa-1".
        """
        return send_key(self.id, self.created_at)


class SendingPause(Base):
    """A stop of all sending (the provider's balance ran out), and who resumed it."""

    __tablename__ = "sms_sending_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
    paused_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resumed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resumed_by: Mapped[str] = mapped_column(String(100), default="")


class EarlyDeliveryReport(Base):
    """A delivery report that came before the send job stored its provider message id (a fast
    Failed can beat the job's last write); applied when the id is recorded, else dropped after a day."""

    __tablename__ = "sms_early_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_message_id: Mapped[str] = mapped_column(String(100), index=True)
    state: Mapped[str] = mapped_column(String(10), server_default="pending")  # providers.Delivery
    status: Mapped[str] = mapped_column(String(40))
    failure_reason: Mapped[str] = mapped_column(String(60))
    opted_out: Mapped[bool] = mapped_column(Boolean, server_default=false())
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def send_key(message_id: int, created_at: datetime) -> str:
    """A message's name for a provider that dedupes by a client id (see OutboundSms.send_key)."""
    return f"sapa-{message_id}-{int(created_at.timestamp()):x}"


def record_message(session: Session, phone: str, text: str, purpose: str, dedupe_key: str) -> OutboundSms:
    """Add the message unless one with this dedupe key exists; return the stored one (flushed, so
    its id is known) either way.

    Non-GSM characters (curly quotes, emoji from staff input) are replaced first: one of them would
    turn the whole message into UCS-2 and double its cost.
    """
    existing = session.scalar(select(OutboundSms).where(OutboundSms.dedupe_key == dedupe_key))
    if existing:
        return existing
    text = to_gsm7(text)
    message = OutboundSms(dedupe_key=dedupe_key, phone=phone, text=text, purpose=purpose,
                          segments=sms_cost(text).segments)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:  # recorded by a concurrent request between our select and insert
        return session.scalar(select(OutboundSms).where(OutboundSms.dedupe_key == dedupe_key))
    return message


def record_many(session: Session, recipients: list[tuple[str, str]], text: str,
                purpose: str) -> list[tuple[int, str]]:
    """Add one message of `text` for each (phone, dedupe key) not recorded yet; return (id, status) of
    each, stored before or now. A broadcast to 10,000 takes a few statements, not two per recipient."""
    text = to_gsm7(text)
    segments = sms_cost(text).segments
    keys = [key for _, key in recipients]
    known: dict[str, tuple[int, str]] = {}
    for start in range(0, len(keys), CHUNK):
        rows = session.execute(select(OutboundSms.dedupe_key, OutboundSms.id, OutboundSms.status)
                               .where(OutboundSms.dedupe_key.in_(keys[start:start + CHUNK])))
        known.update((key, (id_, status)) for key, id_, status in rows)
    new = [{"dedupe_key": key, "phone": phone, "text": text, "purpose": purpose, "segments": segments}
           for phone, key in recipients if key not in known]
    try:
        with session.begin_nested():
            for start in range(0, len(new), CHUNK):
                rows = session.execute(insert(OutboundSms).returning(
                    OutboundSms.dedupe_key, OutboundSms.id, OutboundSms.status), new[start:start + CHUNK])
                known.update((key, (id_, status)) for key, id_, status in rows)
    except IntegrityError:  # a concurrent request recorded some of them: one by one, carefully
        return [(m.id, m.status) for m in (record_message(session, phone, text, purpose, key)
                                           for phone, key in recipients)]
    return [known[key] for key in keys]


def open_pause(session: Session) -> SendingPause | None:
    """Return the pause in force (the provider's balance ran out), if any."""
    return session.scalar(select(SendingPause).where(SendingPause.resumed_at.is_(None)))


def resume_sending(session: Session, who: str) -> list[int]:
    """End the pause in force and mark held messages queued again; return their ids so the caller
    queues them once this transaction has committed."""
    pause = open_pause(session)
    if pause:
        pause.resumed_at, pause.resumed_by = datetime.now(UTC), who[:100]
    held = session.scalars(select(OutboundSms).where(OutboundSms.status == MessageStatus.HELD)).all()
    for message in held:
        message.status = MessageStatus.QUEUED
    return [m.id for m in held]
