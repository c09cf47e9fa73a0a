"""A phone's preferences: its language, broadcast consent and channel in SQL, and the language
cached in Redis.

Phone numbers never appear in Redis key names: keys use a keyed hash of the number. Redis holds a
copy of every chosen language under a mark saying the copy is complete (`mirror_languages`), so a
hop can take "no cached language" to mean "never chose one" without asking the database.
"""

import functools
import hmac
import logging
import math
import time
from datetime import datetime, timedelta

import redis
from sqlalchemy import Boolean, Engine, String, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from menus.catalog import DEFAULT_LANGUAGE

from .database import Base, UtcDateTime, utcnow

LANGUAGE_TTL = 7 * 24 * 3600  # a cache: the database holds each phone's language
# Meta lets a business send free text within 24 hours of the resident's last message; keep a margin
# for a message that waits in the queue before it goes.
WHATSAPP_WINDOW = timedelta(hours=24) - timedelta(minutes=15)
MIRRORED = "sapa:languages:mirrored"  # present: every language chosen in the database is in Redis
MIRROR_CHUNK = 1000
log = logging.getLogger(__name__)


class PhonePreference(Base):
    """A phone's language and broadcast consent, kept across sessions and Redis restarts."""

    __tablename__ = "phone_preferences"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), default=DEFAULT_LANGUAGE)
    broadcasts: Mapped[bool | None] = mapped_column(Boolean)  # None: never said; False: STOP
    channel: Mapped[str] = mapped_column(String(10), server_default="sms")  # last used: sms, whatsapp
    whatsapp_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # its last WhatsApp message
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


def preference_for(session: Session, phone: str) -> PhonePreference:
    """Return the phone's row, adding one with the defaults when it has none."""
    preference = session.get(PhonePreference, phone)
    if preference is None:
        preference = PhonePreference(phone=phone, language=DEFAULT_LANGUAGE)
        session.add(preference)
    return preference


def language_of(session: Session, phone: str) -> str:
    """The phone's language, or the default when it never chose."""
    preference = session.get(PhonePreference, phone)
    return preference.language if preference else DEFAULT_LANGUAGE


def opted_out(session: Session, phone: str) -> bool:
    """True when the phone sent STOP (and not START since)."""
    preference = session.get(PhonePreference, phone)
    return preference is not None and preference.broadcasts is False


def set_broadcasts(session: Session, phone: str, on: bool) -> None:
    preference_for(session, phone).broadcasts = on


def note_channel(session: Session, phone: str, channel: str, at: datetime | None = None) -> None:
    """Remember where the phone last wrote from (and when, on WhatsApp: it opens the 24-hour window)."""
    preference = preference_for(session, phone)
    preference.channel = channel
    if channel == "whatsapp" and at and (preference.whatsapp_at is None or at > preference.whatsapp_at):
        preference.whatsapp_at = at


def whatsapp_open(session: Session, phone: str, now: datetime) -> bool:
    """True when the phone wrote on WhatsApp recently enough for free text (not only templates)."""
    preference = session.get(PhonePreference, phone)
    return bool(preference and preference.whatsapp_at and now - preference.whatsapp_at < WHATSAPP_WINDOW)


def stored_language(database: Engine, phone: str) -> str | None:
    """Return the phone's language (the default when it never chose), or None when the database
    is unreachable, so that the caller caches only answers it can trust."""
    try:
        with database.connect() as connection:
            language = connection.scalar(
                select(PhonePreference.language).where(PhonePreference.phone == phone))
            return language or DEFAULT_LANGUAGE
    except SQLAlchemyError:
        # The menu still works in the default language; nothing is cached, so the next dial asks again.
        log.warning("database unreachable; using the default language for this session")
        return None


class PhoneKeys:
    """Name a phone's Redis keys by a keyed hash of its number."""

    def __init__(self, secret: str):
        self._secret = secret.encode()
        # A hop names its phone's keys three times, and a journey's hops come from one phone.
        self._named = functools.lru_cache(maxsize=4096)(self._name)

    def __call__(self, phone: str) -> str:
        return self._named(phone)

    def _name(self, phone: str) -> str:
        digest = hmac.digest(self._secret, phone.encode(), "sha256").hex()[:32]
        return f"sapa:phone:{digest}"

    def language(self, phone: str) -> str:
        return f"{self(phone)}:lang"


def cache_language(client: redis.Redis, keys: PhoneKeys, phone: str, language: str) -> None:
    """Cache a language chosen outside USSD (by SMS), so the next dial uses it without SQL."""
    client.set(keys.language(phone), language, ex=LANGUAGE_TTL)


def mirror_languages(database: Engine, client: redis.Redis, keys: PhoneKeys) -> int | None:
    """Copy every language chosen in the database into Redis and mark the copy complete, unless the
    mark is there; return how many were copied (None when nothing had to be done).

    Every copy and every later choice lives LANGUAGE_TTL, and the mark a little less, so no copy
    expires while the mark vouches for it; when the mark expires (weekly) or Redis loses its data,
    the next call copies again, and until then hops ask the database as before. The copy overwrites:
    the database is the truth, also for a choice whose Redis write failed.
    """
    if client.exists(MIRRORED):
        return None
    began = time.monotonic()
    with database.connect() as connection:
        rows = connection.execute(select(PhonePreference.phone, PhonePreference.language)
                                  .where(PhonePreference.language != DEFAULT_LANGUAGE)).all()
    for start in range(0, len(rows), MIRROR_CHUNK):
        with client.pipeline(transaction=False) as pipe:
            for phone, language in rows[start:start + MIRROR_CHUNK]:
                pipe.set(keys.language(phone), language, ex=LANGUAGE_TTL)
            pipe.execute()
    elapsed = math.ceil(time.monotonic() - began)
    client.set(MIRRORED, len(rows), ex=LANGUAGE_TTL - elapsed - 60)
    return len(rows)
