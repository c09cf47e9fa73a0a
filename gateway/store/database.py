"""The SQL database: engine construction, the declarative base and the timestamp type of every table."""

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class UtcDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base class of every table."""

    metadata = MetaData(naming_convention=NAMING)


log = logging.getLogger(__name__)


def make_engine(url: str) -> Engine:
    """Return an engine for url; SQLite gets a busy timeout and WAL, so web and worker can share it,
    and a guard against its file being deleted under it. Error messages never carry the values of
    a statement (phone numbers, names)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 5}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        path = engine.url.database
        if path and path != ":memory:" and not path.startswith("file:"):
            FileGuard(Path(path)).watch(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True,
                         connect_args={"connect_timeout": 3})


class FileGuard:
    """Refuse a SQLite file that was deleted or replaced while we ran.

    An open SQLite connection keeps writing to a deleted file's inode, and a new one would create an
    empty file: either way what is stored next is lost. Each connection remembers its file's inode;
    one whose file is gone or changed is dropped at checkout, and no connection creates the file
    again once it has been seen (a fresh start still may: the schema is then made by migrations).
    """

    def __init__(self, path: Path):
        self.path = path
        self.seen = False

    def watch(self, engine: Engine) -> None:
        event.listen(engine, "do_connect", self._before_connect)
        event.listen(engine, "connect", self._connected)
        event.listen(engine, "checkout", self._checkout)

    def inode(self) -> int | None:
        try:
            return os.stat(self.path).st_ino
        except FileNotFoundError:
            return None

    def _before_connect(self, dialect, record, cargs, cparams) -> None:
        if self.seen and self.inode() is None:
            raise sqlite3.OperationalError(f"the database file {self.path} was removed")

    def _connected(self, dbapi_connection, record) -> None:
        record.info["inode"] = self.inode()
        self.seen = True

    def _checkout(self, dbapi_connection, record, proxy) -> None:
        if self.inode() != record.info.get("inode"):
            raise DisconnectionError(f"the database file {self.path} was removed or replaced")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted and overwritten content is zeroed, not left in free pages for anyone with the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def scrub(engine: Engine) -> None:
    """On SQLite, copy the WAL into the database and truncate it, so text just cleared (an answered
    SMS, an erased resident) no longer lingers in the WAL file. PostgreSQL: nothing to do here
    (autovacuum reclaims dead rows; see SECURITY.md)."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as connection:
            busy, _, _ = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    except OperationalError:
        busy = 1
    if busy:  # a reader held the WAL: the next scrub (or SQLite's own checkpoint) finishes it
        log.info("WAL checkpoint postponed: the database was busy")
