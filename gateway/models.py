"""Tables: USSD session outcomes, phone preferences, SMS in and out, sending pauses, early reports."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from menus.catalog import DEFAULT_LANGUAGE

from .db import Base, UtcDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class UssdSessionEnd(Base):
    """The provider's end-of-session notification, one row per session.

    `input` and `lastAppResponse` are not kept: a resident's inputs can hold a NIK.
    """

    __tablename__ = "ussd_session_ends"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(String(100), unique=True)
    service_code: Mapped[str] = mapped_column(String(40))
    network_code: Mapped[str] = mapped_column(String(20))
    phone_masked: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    cost: Mapped[str] = mapped_column(String(40))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    hops_count: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str] = mapped_column(String(200))
    provider_date: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PhonePreference(Base):
    """A phone's language and broadcast consent, kept across sessions and Redis restarts."""

    __tablename__ = "phone_preferences"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), default=DEFAULT_LANGUAGE)
    broadcasts: Mapped[bool | None] = mapped_column(Boolean)  # None: never said; False: STOP
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow,
                                                 onupdate=utcnow)


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
    provider_message_id: Mapped[str | None] = mapped_column(String(100), index=True)
    cost: Mapped[str] = mapped_column(String(40), default="")
    last_error: Mapped[str] = mapped_column(String(200), default="")
    delivery_status: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow,
                                                 onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    send_after: Mapped[datetime | None] = mapped_column(UtcDateTime)  # quiet hours


class InboundSms(Base):
    """An SMS a resident sent; its text is cleared once answered (only the keyword is kept)."""

    __tablename__ = "sms_inbound"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(100), unique=True)
    phone: Mapped[str] = mapped_column(String(20))
    short_code: Mapped[str] = mapped_column(String(20))
    link_id: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)
    keyword: Mapped[str] = mapped_column(String(20), default="")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


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
    status: Mapped[str] = mapped_column(String(40))
    failure_reason: Mapped[str] = mapped_column(String(60))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
