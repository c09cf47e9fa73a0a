"""Keep each phone's USSD session in Redis: one sealed value per phone holds the session so far, what
a later dial may resume, and the phone's hops this minute; the phone's language is cached beside it.

A phone has one USSD session at a time (the network allows no more), so one key per phone serves
the live session and, once the resident drops, the offer to resume it: no second copy of the state.
A hop costs two round trips: one MGET to load, one SET to save (a pipeline when the language is
written too, a transaction when jobs ride along). Values are sealed (gateway/store/packing.py):
during an application they hold the resident's name and NIK.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import redis
from redis.client import Pipeline

from menus.catalog import DEFAULT_LANGUAGE

from ..errors import REDIS_DOWN, StoreUnavailableError
from . import legacy_sessions
from .packing import Packer, compact_state, full_state
from .phones import LANGUAGE_TTL, MIRRORED, PhoneKeys

SESSION_TTL = 600  # the provider keeps a session ~180 s; re-sent hops may arrive a little later
NOT_RESUMABLE, RESUME_STATE, RESUME_OFFER = 0, 1, 2  # what a later dial may resume
EARLIER_KEPT = 2  # tags of the phone's sessions before the stored one: their late hops are refused


@dataclass(frozen=True)
class Loaded:
    """What Redis knows about this hop: the session so far (None on its first hop), the phone's
    language (None when only the database can tell), a dropped session's state to offer (and when
    it was dropped), the phone's hops in the current minute, and whether this hop belongs to a
    session the phone has since left (`stale`: a provider's late re-send)."""

    session: dict | None
    language: str | None
    snapshot: dict | None
    hops: int = 0
    snapshot_at: float | None = None
    stale: bool = False
    earlier: tuple[str, ...] = ()  # for save(): the phone's sessions before this one


class SessionStore:
    """Load and save USSD sessions; raise StoreUnavailableError when Redis cannot be reached."""

    def __init__(self, client: redis.Redis, keys: PhoneKeys, resume_seconds: int, packer: Packer):
        self.client = client
        self.phone_key = keys
        self.resume_seconds = resume_seconds
        self.packer = packer
        self.ttl = max(SESSION_TTL, resume_seconds)  # a dropped session is its own resume offer

    def load(self, session_id: str, phone: str, now: float) -> Loaded:
        """Read the phone's session, language and this minute's hops in one round trip."""
        phone_key = self.phone_key(phone)
        key = f"{phone_key}:ussd"
        keys = [key, f"{phone_key}:lang", MIRRORED, *legacy_sessions.keys(session_id, phone_key)]
        try:
            value, language, mirrored, *legacy = self.client.mget(keys)
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc
        # With the languages mirrored, a phone without a cached one never chose: the default.
        language = language.decode() if language else (DEFAULT_LANGUAGE if mirrored else None)
        stored = self._open(value, key)
        hops = stored["hops"] if stored and int(stored["at"] // 60) == int(now // 60) else 0
        tag = _session_tag(session_id)
        if stored and stored["tag"] == tag:
            return Loaded(stored["session"], language, None, hops, earlier=stored["earlier"])
        if stored and tag in stored["earlier"]:
            return Loaded(None, language, None, hops, stale=True)
        earlier = (stored["tag"], *stored["earlier"])[:EARLIER_KEPT] if stored else ()
        snapshot, dropped_at = self._offer(stored, now) if stored else (None, None)
        session, old_snapshot = legacy_sessions.open_values(self.packer, legacy, session_id, phone_key)
        if snapshot is None and old_snapshot is not None:
            snapshot, dropped_at = old_snapshot, now  # its own key's lifetime bounded it
        return Loaded(session, language, snapshot, hops, dropped_at, earlier=earlier)

    def save(self, session_id: str, phone: str, session: dict, snapshot: str | dict | None, now: float,
             hops: int = 1, language: str | None = None, jobs: Callable[[Pipeline], None] | None = None,
             looked_up: str | None = None, earlier: tuple[str, ...] = ()) -> None:
        """Write the session with what a later dial may resume (`snapshot`: the state shown, "keep"
        the offer on screen, None nothing) and the phone's `hops` this minute; with the language the
        phone chose, or else the one `looked_up` in the database (kept only if no choice was cached
        meanwhile). `earlier` is Loaded.earlier; `session["offered_at"]` when its offered snapshot
        was dropped."""
        phone_key = self.phone_key(phone)
        key = f"{phone_key}:ussd"
        resume = NOT_RESUMABLE
        if self.resume_seconds:
            resume = RESUME_STATE if isinstance(snapshot, dict) else RESUME_OFFER if snapshot == "keep" \
                else NOT_RESUMABLE
        value = self._seal(key, session_id, session, resume, now, hops, earlier)
        try:
            if jobs is None and not (language or looked_up):  # nearly every hop: one SET
                self.client.set(key, value, ex=self.ttl)
                return
            # RQ's enqueue must land with the session or not at all: both in one MULTI/EXEC.
            with self.client.pipeline(transaction=jobs is not None) as pipe:
                if jobs is not None:
                    pipe.multi()  # explicit, so RQ can add its enqueue to the same transaction
                pipe.set(key, value, ex=self.ttl)
                if language:
                    pipe.set(f"{phone_key}:lang", language, ex=LANGUAGE_TTL)
                elif looked_up:
                    pipe.set(f"{phone_key}:lang", looked_up, ex=LANGUAGE_TTL, nx=True)
                if jobs is not None:
                    jobs(pipe)
                pipe.execute()
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc

    def _seal(self, key: str, session_id: str, session: dict, resume: int, now: float, hops: int,
              earlier: tuple[str, ...]) -> bytes:
        offered = session["snapshot"]
        at = int(now * 100) / 100  # rounded down: a hop a millisecond later must not precede it
        packed = [_session_tag(session_id), list(earlier), at, session.get("offered_at"), hops, resume,
                  session["text"], session["screen"], session["ends"], compact_state(session["state"]),
                  compact_state(offered) if offered else None]
        if "last" in session:  # USSD_INPUT=latest: the newest input
            packed.append(session["last"])
        return self.packer.pack(packed, key)

    def _open(self, raw: bytes | None, key: str) -> dict | None:
        """Read a stored value; anything unreadable (old key, damage) counts as absent."""
        if raw is None:
            return None
        try:
            value, legacy = self.packer.unpack(raw, key)
            if legacy:  # a Fernet value under this key name: never written by this release
                return None
            tag, earlier, at, offered_at, hops, resume, text, screen, ends, state, offered, *latest = value
            session = {"text": text, "screen": screen, "ends": ends, "state": full_state(state),
                       "snapshot": full_state(offered) if offered else None, "at": at,
                       "offered_at": offered_at}
            if latest:
                session["last"] = latest[0]
        except (ValueError, TypeError, KeyError, IndexError):
            return None
        return {"tag": tag, "earlier": tuple(earlier), "at": at, "hops": hops, "resume": resume,
                "session": session}

    def _offer(self, stored: dict, now: float) -> tuple[dict | None, float | None]:
        """The state a new session of the phone may resume and when it was dropped: the screen the
        last session left, or the offer it left on (still timed from the first drop); none once
        SESSION_RESUME_SECONDS have passed since that drop."""
        session = stored["session"]
        if stored["resume"] == RESUME_STATE:
            state, dropped_at = session["state"], stored["at"]
        elif stored["resume"] == RESUME_OFFER:
            state, dropped_at = session["snapshot"], session["offered_at"] or stored["at"]
        else:
            return None, None
        if not self.resume_seconds or not 0 <= now - dropped_at <= self.resume_seconds:
            return None, None
        return state, dropped_at


def _session_tag(session_id: str) -> str:
    """A short stand-in for the provider's session id (up to 100 characters): enough to tell this
    phone's sessions apart, since two in a row share a tag once in 2^48."""
    return hashlib.blake2b(session_id.encode(), digest_size=6).hexdigest()
