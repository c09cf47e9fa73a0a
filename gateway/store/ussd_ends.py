"""How each USSD session ended, as the provider reports it: one row per session, no resident input."""

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .database import Base, UtcDateTime, utcnow


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
