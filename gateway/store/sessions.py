"""Keep USSD session state and resumable snapshots in Redis, with each phone's cached language.

A hop costs two round trips: one MGET to load, one transaction to save (jobs ride along in it).
Session values are encrypted: during an application they hold the resident's name and NIK.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import redis
from redis.client import Pipeline

from ..errors import REDIS_DOWN, StoreUnavailableError
from .phones import LANGUAGE_TTL, PhoneKeys
from .vault import Vault

SESSION_TTL = 600  # the provider keeps a session ~180 s; re-sent hops may arrive a little later


@dataclass(frozen=True)
class Loaded:
    """What Redis knows about this hop: the session so far, the phone's language and snapshot."""

    session: dict | None
    language: str | None
    snapshot: dict | None
    hops: int = 0  # this phone's hops in the current minute, when asked for


class SessionStore:
    """Load and save USSD sessions; raise StoreUnavailableError when Redis cannot be reached."""

    def __init__(self, client: redis.Redis, keys: PhoneKeys, resume_seconds: int, vault: Vault):
        self.client = client
        self.phone_key = keys
        self.resume_seconds = resume_seconds
        self.vault = vault

    def load(self, session_id: str, phone: str, hop_key: str | None = None) -> Loaded:
        """Read the session, language, snapshot (and the hop counter under `hop_key`) in one round trip."""
        phone_key = self.phone_key(phone)
        keys = [f"sapa:ussd:{session_id}", f"{phone_key}:lang", f"{phone_key}:resume"]
        try:
            raw = self.client.mget(keys + [hop_key] if hop_key else keys)
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc
        session, language, snapshot = raw[:3]
        return Loaded(self._open(session), language.decode() if language else None, self._open(snapshot),
                      int(raw[3] or 0) if hop_key else 0)

    def save(self, session_id: str, phone: str, session: dict, snapshot: str | dict | None,
             language: str | None = None, jobs: Callable[[Pipeline], None] | None = None,
             hop_key: str | None = None) -> None:
        """Write the session and the phone's snapshot ("keep" leaves it), count the hop under
        `hop_key`, and queue `jobs`, in one transaction."""
        phone_key = self.phone_key(phone)
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.multi()  # explicit, so RQ can add its enqueue to the same transaction
                pipe.set(f"sapa:ussd:{session_id}", self._seal(session), ex=SESSION_TTL)
                if isinstance(snapshot, dict) and self.resume_seconds:
                    pipe.set(f"{phone_key}:resume", self._seal(snapshot), ex=self.resume_seconds)
                elif snapshot != "keep":
                    pipe.delete(f"{phone_key}:resume")
                if language:
                    pipe.set(f"{phone_key}:lang", language, ex=LANGUAGE_TTL)
                if hop_key:
                    pipe.incr(hop_key).expire(hop_key, 120)
                if jobs:
                    jobs(pipe)
                pipe.execute()
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc

    def _seal(self, value: dict) -> str:
        return self.vault.encrypt(json.dumps(value))

    def _open(self, raw: bytes | None) -> dict | None:
        """Decrypt a stored value; anything unreadable (old key, damage) counts as absent."""
        if raw is None:
            return None
        try:
            value = json.loads(self.vault.decrypt(raw.decode()))
        except (ValueError, UnicodeDecodeError):
            return None
        return value if isinstance(value, dict) else None
