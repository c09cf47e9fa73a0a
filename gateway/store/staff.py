"""Staff accounts (argon2 password hashes, roles, a lockout after repeated failures) and the record
of processing: who saw or changed which personal data."""

from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..errors import AccountError
from .database import Base, UtcDateTime, utcnow

ROLES = ("admin", "petugas")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
_hasher = PasswordHasher()
# Verified against when the username does not exist, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class StaffUser(Base):
    """A console account: admin (accounts, catalog, reveal NIK) or petugas (applications, notices)."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuditEntry(Base):
    """A record of processing: which staff member saw or changed what. Never holds a NIK."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(String(300), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


def create_staff(session: Session, username: str, password: str, role: str) -> StaffUser:
    """Add an account; raise AccountError for a taken name, a weak password or an unknown role."""
    username = username.strip().lower()
    if not 3 <= len(username) <= 40 or not username.replace(".", "").replace("_", "").isalnum():
        raise AccountError("username: 3-40 letters, digits, . or _")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password: at least {MIN_PASSWORD} characters")
    if session.scalar(select(StaffUser).where(StaffUser.username == username)):
        raise AccountError(f"username {username!r} is taken")
    user = StaffUser(username=username, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    return user


def authenticate(session: Session, username: str, password: str, now: datetime | None = None
                 ) -> tuple[StaffUser | None, str]:
    """Return (user, "ok") or (None, "bad" | "locked" | "inactive"); count failures, lock after five."""
    now = now or datetime.now(UTC)
    user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip().lower()))
    if user is None:
        _verify(_DUMMY_HASH, password)
        return None, "bad"
    if user.locked_until and user.locked_until > now:
        return None, "locked"
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
            return None, "locked"
        return None, "bad"
    if not user.active:
        return None, "inactive"
    user.failed_logins, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user, "ok"


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def audit(session: Session, staff: str, action: str, target: str = "", detail: str = "",
          ip: str = "") -> None:
    """Add a row to the record of processing in the caller's transaction. Never pass a NIK."""
    session.add(AuditEntry(staff=staff, action=action, target=target[:80], detail=detail[:300], ip=ip[:45]))
