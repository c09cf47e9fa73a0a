"""Outgoing SMS: the message table (the truth; an RQ job only carries a row), pauses, early reports,
and the one way to record a message."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Integer, String, Text, false, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from menus import sms_cost, to_gsm7

from .database import Base, UtcDateTime, utcnow

BUDGET_WAITING = "waiting: today's SMS budget is spent"  # a broadcast's last_error while it waits


class MessageStatus(StrEnum):
    """Where an outgoing SMS is in its life (README: "The life of an SMS")."""

    QUEUED = "queued"  # recorded; a job will send it (or is waiting for quiet hours to end)
    SENDING = "sending"  # a worker claimed it and is talking to the provider
    HELD = "held"  # sending is paused (provider balance ran out) until someone resumes it
    SENT = "sent"  # the provider accepted it
    DELIVERED = "delivered"  # the delivery report says it reached the phone
    FAILED = "failed"  # final: refused by the provider, opted out, or retries ran out
    UNDELIVERED = "undelivered"  # accepted but never reached the phone: call the resident instead


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
