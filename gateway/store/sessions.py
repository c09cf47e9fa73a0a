"""Keep USSD session state and resumable snapshots in Redis, with each phone's cached language.

A hop costs two round trips: one MGET to load, one pipeline to save (a transaction when jobs ride
along in it). Session values are sealed (gateway/store/packing.py): during an application they hold
the resident's name and NIK.
"""

from collections.abc import Callable
from dataclasses import dataclass

import redis
from redis.client import Pipeline

from menus.catalog import DEFAULT_LANGUAGE

from ..errors import REDIS_DOWN, StoreUnavailableError
from .packing import Packer
from .phones import LANGUAGE_TTL, MIRRORED, PhoneKeys

SESSION_TTL = 600  # the provider keeps a session ~180 s; re-sent hops may arrive a little later


@dataclass(frozen=True)
class Loaded:
    """What Redis knows about this hop: the session so far, the phone's language (None when only
    the database can tell) and snapshot."""

    session: dict | None
    language: str | None
    snapshot: dict | None
    hops: int = 0  # this phone's hops in the current minute, when asked for


class SessionStore:
    """Load and save USSD sessions; raise StoreUnavailableError when Redis cannot be reached."""

    def __init__(self, client: redis.Redis, keys: PhoneKeys, resume_seconds: int, packer: Packer):
        self.client = client
        self.phone_key = keys
        self.resume_seconds = resume_seconds
        self.packer = packer

    def load(self, session_id: str, phone: str, hop_key: str | None = None) -> Loaded:
        """Read the session, language, snapshot (and the hop counter under `hop_key`) in one round trip."""
        phone_key, session_key = self.phone_key(phone), f"sapa:ussd:{session_id}"
        resume_key = f"{phone_key}:resume"
        keys = [session_key, f"{phone_key}:lang", resume_key, MIRRORED]
        try:
            raw = self.client.mget(keys + [hop_key] if hop_key else keys)
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc
        session, language, snapshot, mirrored = raw[:4]
        # With the languages mirrored, a phone without a cached one never chose: the default.
        language = language.decode() if language else (DEFAULT_LANGUAGE if mirrored else None)
        return Loaded(self._open_session(session, session_key), language,
                      self._open_state(snapshot, resume_key), int(raw[4] or 0) if hop_key else 0)

    def save(self, session_id: str, phone: str, session: dict, snapshot: str | dict | None,
             language: str | None = None, jobs: Callable[[Pipeline], None] | None = None,
             looked_up: str | None = None, hop_key: str | None = None) -> None:
        """Write the session and the phone's snapshot ("keep" leaves it) in one transaction, with
        the language the phone chose, or else the one `looked_up` in the database (kept only if no
        choice was cached meanwhile), and count the hop under `hop_key`."""
        phone_key, session_key = self.phone_key(phone), f"sapa:ussd:{session_id}"
        resume_key = f"{phone_key}:resume"
        try:
            # Jobs need MULTI (RQ's enqueue must land with the session or not at all); a hop without
            # jobs, nearly every one, saves in one plain pipeline and skips MULTI/EXEC's extra replies.
            with self.client.pipeline(transaction=jobs is not None) as pipe:
                if jobs is not None:
                    pipe.multi()  # explicit, so RQ can add its enqueue to the same transaction
                pipe.set(session_key, self._seal_session(session, session_key), ex=SESSION_TTL)
                if isinstance(snapshot, dict) and self.resume_seconds:
                    pipe.set(resume_key, self.packer.pack(_compact(snapshot), resume_key),
                             ex=self.resume_seconds)
                elif snapshot != "keep":
                    pipe.delete(resume_key)
                if language:
                    pipe.set(f"{phone_key}:lang", language, ex=LANGUAGE_TTL)
                elif looked_up:
                    pipe.set(f"{phone_key}:lang", looked_up, ex=LANGUAGE_TTL, nx=True)
                if hop_key:
                    pipe.incr(hop_key).expire(hop_key, 120)
                if jobs:
                    jobs(pipe)
                pipe.execute()
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc

    def _seal_session(self, session: dict, key: str) -> bytes:
        snapshot = session["snapshot"]
        packed = [session["text"], session["screen"], session["ends"], _compact(session["state"]),
                  _compact(snapshot) if snapshot else None]
        if "last" in session:  # USSD_INPUT=latest: the newest input and when we answered it
            packed += [session["last"], session["at"]]
        return self.packer.pack(packed, key)

    def _open_session(self, raw: bytes | None, key: str) -> dict | None:
        """Read a stored session; anything unreadable (old key, damage) counts as absent."""
        value = self._unpack(raw, key)
        if isinstance(value, dict) or value is None:  # legacy: stored as the dict itself
            return value
        try:
            text, screen, ends, state, snapshot, *latest = value
            session = {"text": text, "screen": screen, "ends": ends, "state": _full(state),
                       "snapshot": _full(snapshot) if snapshot else None}
            if latest:
                session["last"], session["at"] = latest
            return session
        except (ValueError, TypeError, KeyError, IndexError):
            return None

    def _open_state(self, raw: bytes | None, key: str) -> dict | None:
        value = self._unpack(raw, key)
        if isinstance(value, dict) or value is None:
            return value
        try:
            return _full(value)
        except (ValueError, TypeError, KeyError, IndexError):
            return None

    def _unpack(self, raw: bytes | None, key: str) -> object:
        if raw is None:
            return None
        try:
            value, legacy = self.packer.unpack(raw, key)
        except ValueError:
            return None
        return value if not legacy or isinstance(value, dict) else None


def _compact(state: dict) -> list:
    """A menu state as lists: a third of its JSON is the names of its keys."""
    return [state["lang"], [[f["n"], f["a"], f["p"]] for f in state["stack"]], state["draft"]]


def _full(compact: list) -> dict:
    lang, stack, draft = compact
    return {"lang": lang, "stack": [{"n": n, "a": a, "p": p} for n, a, p in stack], "draft": draft}
