"""Incoming SMS: recorded once per provider id; the row is what the answer job works from."""

from datetime import datetime

from sqlalchemy import Engine, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from .database import Base, UtcDateTime, utcnow


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


def record_inbound(database: Engine, provider_id: str, phone: str, short_code: str, text: str,
                   link_id: str = "") -> tuple[int, str]:
    """Return (row id, "new" | "unanswered" | "answered"); the provider may post the same id again."""
    try:
        with Session(database) as session, session.begin():
            row = InboundSms(provider_id=provider_id, phone=phone, short_code=short_code, text=text,
                             link_id=link_id)
            session.add(row)
            session.flush()
            return row.id, "new"
    except IntegrityError:
        with Session(database) as session:
            row = session.scalar(select(InboundSms).where(InboundSms.provider_id == provider_id))
            return row.id, "unanswered" if row.answered_at is None else "answered"
