"""Versions of the catalog in SQL: every published one (its TOML, who, when, what changed), and the
one draft the console is editing. The newest published version is the catalog in force."""

from datetime import datetime

from sqlalchemy import Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..database import Base, UtcDateTime, utcnow

SUMMARY_MAX = 500


class CatalogVersion(Base):
    """A catalog as TOML: published (numbered 1, 2, 3...) or the draft (no number yet)."""

    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Unique: two admins publishing at once cannot both take the next number.
    number: Mapped[int | None] = mapped_column(Integer, unique=True)
    toml: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX), default="")  # what changed, in a line
    problems: Mapped[str] = mapped_column(Text, default="")  # what the checks found, one a line
    based_on: Mapped[int | None] = mapped_column(Integer)  # the published number a draft started from
    edited_by: Mapped[str] = mapped_column(String(40))
    edited_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    published_by: Mapped[str] = mapped_column(String(40), default="")
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def problem_list(self) -> list[str]:
        return [line for line in self.problems.splitlines() if line]


def latest(session: Session) -> CatalogVersion | None:
    """The catalog in force: the published version with the highest number."""
    return session.scalar(select(CatalogVersion).where(CatalogVersion.number.is_not(None))
                          .order_by(CatalogVersion.number.desc()).limit(1))


def latest_number(session: Session) -> int:
    return session.scalar(select(func.max(CatalogVersion.number))) or 0


def version(session: Session, number: int) -> CatalogVersion | None:
    return session.scalar(select(CatalogVersion).where(CatalogVersion.number == number))


def published(session: Session, limit: int = 100) -> list[CatalogVersion]:
    """Published versions, newest first."""
    return list(session.scalars(select(CatalogVersion).where(CatalogVersion.number.is_not(None))
                                .order_by(CatalogVersion.number.desc()).limit(limit)))


def draft(session: Session) -> CatalogVersion | None:
    """The draft being edited, if any."""
    return session.scalar(select(CatalogVersion).where(CatalogVersion.number.is_(None))
                          .order_by(CatalogVersion.id.desc()).limit(1))


def save_draft(session: Session, toml: str, problems: list[str] | tuple[str, ...], by: str,
               based_on: int) -> CatalogVersion:
    """Keep this text as the draft (the one there is, or a new one), with what the checks found."""
    row = draft(session)
    if row is None:
        row = CatalogVersion(based_on=based_on)
        session.add(row)
    row.toml, row.problems, row.edited_by = toml, "\n".join(problems), by
    return row


def publish(session: Session, row: CatalogVersion, by: str, summary: str, now: datetime | None = None
            ) -> CatalogVersion:
    """Give a checked draft (or a new row) the next number: it is the catalog in force once committed."""
    if row.id is None:
        session.add(row)
    row.number = latest_number(session) + 1
    row.summary, row.problems = summary[:SUMMARY_MAX], ""
    row.published_by, row.published_at = by, now or utcnow()
    row.edited_by = row.edited_by or by
    return row


def new_version(toml: str, by: str, based_on: int | None) -> CatalogVersion:
    """A row for text that is published at once (the seed, a restore, `flask catalog publish`)."""
    return CatalogVersion(toml=toml, edited_by=by, based_on=based_on, problems="")
