"""The catalog this process serves, swapped for a newer published version soon after it is published.

How a publish reaches every web process and worker: the publisher commits the new version, then
sets VERSION_KEY in Redis to its number. Each process asks Redis for that key at most once every
CHECK_SECONDS, on the first use of the catalog after that time (one GET, a few hundred
microseconds); only when the number is newer does it read the version from SQL. A USSD hop thus
gains no round trip of its own: at most one a second per process, whatever the traffic. (Redis
pub/sub would need a listener thread in every process and would miss a publish made while it was
reconnecting; folding the key into the hop's MGET would leave SMS, WhatsApp and console pages to a
second mechanism.) A session in progress whose state names a service that is gone falls back to
the services list (menus/views.py), so a swap never breaks a journey.
"""

import logging
import time
from collections.abc import Callable
from pathlib import Path

import redis
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from menus import Catalog, CatalogError, Texts, parse_catalog
from menus.limits import sms_problems

from . import versions

VERSION_KEY = "sapa:catalog:version"
CHECK_SECONDS = 1.0
RESYNC_SECONDS = 30.0  # when Redis has lost the key, SQL is asked this rarely
SEEDED_BY = "CATALOG_PATH"
log = logging.getLogger(__name__)


def load_catalog(path: Path, texts: Texts) -> Catalog:
    """Read and validate a catalog file and every SMS it produces; CatalogError names the file,
    the service and the field."""
    catalog = parse_catalog(path.read_text(encoding="utf-8"), str(path))
    problems = sms_problems(catalog, texts)
    if problems:
        raise CatalogError(str(path), problems)
    return catalog


class CatalogSource:
    """Hold the catalog in force for this process and notice a newer published version."""

    def __init__(self, database: Engine, client: redis.Redis, texts: Texts, seed_path: Path,
                 every: float = CHECK_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.database, self.client, self.texts, self.seed_path = database, client, texts, seed_path
        self.every, self.clock = every, clock
        self._held: tuple[int, Catalog] | None = None  # (published number, catalog): swapped as one
        self._asked = self._resynced = clock()

    @property
    def number(self) -> int:
        """The published version this process serves; 0 while the database could not be read."""
        return self._state()[0]

    def start(self) -> "CatalogSource":
        """Load the newest published version, seeding version 1 from the file when there is none.
        A seed file that fails its checks stops the start, naming the file and field; a database
        that cannot be read (down, or not migrated yet) leaves the file's catalog in force."""
        try:
            self._held = self._read_latest(seed=True)
        except SQLAlchemyError as exc:
            log.warning("catalog versions unreadable (%s); serving %s until one is published",
                        type(exc).__name__, self.seed_path.name)
            self._held = (0, load_catalog(self.seed_path, self.texts))
        try:
            self.client.set(VERSION_KEY, self._held[0], nx=True)  # a fresh Redis learns the number
        except redis.RedisError:
            pass
        self._asked = self.clock()
        return self

    def current(self) -> Catalog:
        """The catalog to serve now; asks Redis for news at most once every `every` seconds."""
        now = self.clock()
        if now - self._asked >= self.every:
            self._asked = now
            self._refresh()
        return self._state()[1]

    def published(self, number: int) -> bool:
        """Serve the version just committed here at once, and tell every other process; False when
        Redis could not be told (the others then find it within RESYNC_SECONDS of Redis coming back)."""
        self._held = self._read_latest(seed=False) or self._held
        try:
            self.client.set(VERSION_KEY, number)
        except redis.RedisError:
            return False
        return True

    def _refresh(self) -> None:
        try:
            raw = self.client.get(VERSION_KEY)
        except redis.RedisError:
            return  # Redis is down: keep serving what we have; the next check asks again
        if raw is None:
            self._resync()
            return
        if int(raw) <= self.number:
            return
        self._swap(int(raw))

    def _resync(self) -> None:
        """Redis lost the key (a restart without persistence): ask SQL, rarely, and put it back."""
        now = self.clock()
        if now - self._resynced < RESYNC_SECONDS:
            return
        self._resynced = now
        try:
            with Session(self.database) as session:
                number = versions.latest_number(session)
        except SQLAlchemyError:
            return
        if number > self.number:
            self._swap(number)
        try:
            self.client.set(VERSION_KEY, number, nx=True)
        except redis.RedisError:
            pass

    def _swap(self, announced: int) -> None:
        try:
            held = self._read_latest(seed=False)
        except SQLAlchemyError as exc:
            log.warning("catalog version %d announced but unreadable (%s)", announced, type(exc).__name__)
            return
        if held is not None:
            self._held = held
            log.info("catalog version %d in force", held[0])

    def _read_latest(self, seed: bool) -> tuple[int, Catalog] | None:
        with Session(self.database) as session:
            row = versions.latest(session)
            if row is None and seed:
                row = self._seed(session)
            if row is None:
                return None
            number, text = row.number, row.toml
        try:
            return number, parse_catalog(text, f"catalog version {number}")
        except CatalogError:
            # Published versions passed every check; one that no longer parses (a rule tightened
            # by an upgrade) is skipped, not served, and said once.
            log.error("catalog version %d does not parse; keeping the catalog in force", number)
            return None if self._held is None else (number, self._held[1])

    def _seed(self, session: Session) -> versions.CatalogVersion | None:
        catalog = load_catalog(self.seed_path, self.texts)
        row = versions.new_version(self.seed_path.read_text(encoding="utf-8"), SEEDED_BY, None)
        versions.publish(session, row, SEEDED_BY,
                         f"{len(catalog.services)} services from {self.seed_path.name}")
        try:
            session.commit()
        except IntegrityError:  # another process seeded it at the same moment
            session.rollback()
            row = versions.latest(session)
        return row

    def _state(self) -> tuple[int, Catalog]:
        if self._held is None:
            raise RuntimeError("CatalogSource.start() was not called")
        return self._held
