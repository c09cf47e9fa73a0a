"""Residents' requests about their data (UU 27/2022): to see it, correct it or erase it. Each is
recorded with the deadline the law sets (3x24 hours) and stays on the console until answered."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..database import Base, UtcDateTime, utcnow

ANSWER_WITHIN = timedelta(hours=72)  # Pasal 32: access is answered within 3x24 hours


class RequestKind(StrEnum):
    ACCESS = "access"  # see everything held (Pasal 32)
    CORRECT = "correct"  # correct a field (Pasal 34)
    ERASE = "erase"  # erase or anonymise (Pasal 43)


class Channel(StrEnum):
    """How the request reached the office."""

    SMS = "sms"
    WHATSAPP = "whatsapp"
    COUNTER = "counter"
    EMAIL = "email"
    LETTER = "letter"


class PrivacyRequest(Base):
    """One resident's request, its deadline, and who answered it and how."""

    __tablename__ = "privacy_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(10))
    contact: Mapped[str] = mapped_column(String(80))  # where to answer: the SMS's phone, an address
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by: Mapped[str] = mapped_column(String(40))  # a staff username, or "resident" (by SMS)
    source_key: Mapped[str | None] = mapped_column(String(120), unique=True)  # the SMS it came in
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_by: Mapped[str] = mapped_column(String(40), default="")
    answer: Mapped[str] = mapped_column(String(300), default="")

    def overdue(self, now: datetime) -> bool:
        return self.answered_at is None and self.due_at < now


def record_request(session: Session, kind: str, channel: str, contact: str, by: str, note: str = "",
                   source_key: str | None = None, now: datetime | None = None) -> PrivacyRequest:
    """Add a request, due 3x24 hours after it was received."""
    now = now or datetime.now(UTC)
    request = PrivacyRequest(kind=RequestKind(kind), channel=Channel(channel), contact=contact[:80],
                             note=note[:300], recorded_by=by[:40], source_key=source_key,
                             received_at=now, due_at=now + ANSWER_WITHIN)
    session.add(request)
    return request


def open_request_from(session: Session, contact: str, kind: str) -> PrivacyRequest | None:
    """The unanswered request of this kind from this contact, if any (a second SMS adds none)."""
    return session.scalar(select(PrivacyRequest).where(
        PrivacyRequest.contact == contact, PrivacyRequest.kind == kind, PrivacyRequest.answered_at.is_(None)))


def answer_request(session: Session, request_id: int, by: str, answer: str) -> PrivacyRequest | None:
    """Mark a request answered, saying how; None when there is no such open request."""
    request = session.get(PrivacyRequest, request_id)
    if request is None or request.answered_at is not None:
        return None
    request.answered_at, request.answered_by, request.answer = datetime.now(UTC), by[:40], answer[:300]
    return request


def count_open(session: Session, now: datetime | None = None) -> tuple[int, int]:
    """(unanswered, of which past their deadline)."""
    now = now or datetime.now(UTC)
    unanswered = PrivacyRequest.answered_at.is_(None)
    total = session.scalar(select(func.count()).where(unanswered)) or 0
    late = session.scalar(select(func.count()).where(unanswered, PrivacyRequest.due_at < now)) or 0
    return total, late


def recent_requests(session: Session, answered: int = 30) -> list[PrivacyRequest]:
    """Every open request, oldest deadline first, then the latest answered ones."""
    waiting = session.scalars(select(PrivacyRequest).where(PrivacyRequest.answered_at.is_(None))
                              .order_by(PrivacyRequest.due_at)).all()
    done = session.scalars(select(PrivacyRequest).where(PrivacyRequest.answered_at.is_not(None))
                           .order_by(PrivacyRequest.answered_at.desc()).limit(answered)).all()
    return [*waiting, *done]
