"""Staff accounts (argon2 password hashes, roles, a lockout after repeated failures) and the record
of processing: who saw or changed which personal data."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, Engine, Integer, String, case, literal, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..errors import AccountError
from .database import Base, UtcDateTime, utcnow

ROLES = ("petugas", "admin")  # least privileged first: forms and `flask staff create` default to it
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


class LoginOutcome(StrEnum):
    """What a log-in attempt really was: the access log keeps it, the person trying sees one answer."""

    OK = "ok"
    BAD = "bad"  # a wrong password, counted towards the lock
    LOCKED = "locked"  # the attempt that locked the account, or any attempt while it is locked
    INACTIVE = "inactive"
    UNKNOWN = "unknown"  # no such username


def authenticate(database: Engine, username: str, password: str, ip: str,
                 now: datetime | None = None) -> tuple[int | None, LoginOutcome]:
    """Check a log-in; return (staff id, OK) or (None, why not), and record it in the access log.

    Every path verifies exactly one argon2 hash (a dummy one for an unknown name) and writes once,
    so the cases take the same time. Failures are counted by one conditional UPDATE: concurrent
    wrong passwords lock the account after exactly MAX_FAILURES, never more.
    """
    now = now or datetime.now(UTC)
    name = username.strip().lower()[:40]
    with Session(database) as db:
        user = db.scalar(select(StaffUser).where(StaffUser.username == name))
        found = (user.id, user.password_hash, user.active) if user else None
    # No transaction is open while the hash is verified: on SQLite the write below then waits its
    # turn instead of failing to upgrade a read that a concurrent log-in has made stale.
    right = _verify(found[1] if found else _DUMMY_HASH, password)
    with Session(database) as db, db.begin():
        if found is None:
            outcome = LoginOutcome.UNKNOWN
        elif not right:
            outcome = _count_failure(db, found[0], now)
        elif not found[2]:
            outcome = LoginOutcome.INACTIVE
        else:
            outcome = _clear_failures(db, found[0], now)
            if outcome == LoginOutcome.OK and _hasher.check_needs_rehash(found[1]):
                db.get(StaffUser, found[0]).password_hash = _hasher.hash(password)
        audit(db, name, f"login_{outcome}", ip=ip)
    return (found[0] if outcome == LoginOutcome.OK else None), outcome


def _unlocked(now: datetime):
    return or_(StaffUser.locked_until.is_(None), StaffUser.locked_until <= now)


def _count_failure(db: Session, user_id: int, now: datetime) -> LoginOutcome:
    """Add one failure; the one that reaches MAX_FAILURES locks the account and restarts the count."""
    reaches = StaffUser.failed_logins + 1 >= MAX_FAILURES
    until = literal(now + LOCKOUT, UtcDateTime)
    row = db.execute(update(StaffUser).where(StaffUser.id == user_id, _unlocked(now)).values(
        failed_logins=case((reaches, 0), else_=StaffUser.failed_logins + 1),
        locked_until=case((reaches, until), else_=StaffUser.locked_until),
    ).returning(StaffUser.locked_until)).first()
    if row is None or (row.locked_until is not None and row.locked_until > now):
        return LoginOutcome.LOCKED
    return LoginOutcome.BAD


def _clear_failures(db: Session, user_id: int, now: datetime) -> LoginOutcome:
    """A right password ends the failure count, unless the account is locked (then it stays so)."""
    cleared = db.execute(update(StaffUser).where(StaffUser.id == user_id, _unlocked(now)).values(
        failed_logins=0, locked_until=None)).rowcount
    return LoginOutcome.OK if cleared else LoginOutcome.LOCKED


def set_password(user: StaffUser, password: str) -> None:
    """Give an account a new password (its owner's change, or an admin's reset); the caller ends
    its sessions. Raise AccountError for a weak one."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password: at least {MIN_PASSWORD} characters")
    user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until = 0, None


def password_matches(user: StaffUser, password: str) -> bool:
    return _verify(user.password_hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def audit(session: Session, staff: str, action: str, target: str = "", detail: str = "",
          ip: str = "") -> None:
    """Add a row to the record of processing in the caller's transaction. Never pass a NIK."""
    session.add(AuditEntry(staff=staff, action=action, target=target[:80], detail=detail[:300], ip=ip[:45]))
