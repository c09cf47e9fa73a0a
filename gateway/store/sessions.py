"""Keep USSD session state and resumable snapshots in Redis, with each phone's cached language.

A hop costs two round trips: one MGET to load, one script (EVALSHA) to save, inside a transaction
when jobs ride along with it. Session values are sealed (gateway/store/packing.py): during an
application they hold the resident's name and NIK.
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
HOP_COUNT_TTL = 120  # a phone's hops are counted by the minute
# A hop's writes in one command: a pipeline of four or five costs redis-py a parse per reply.
# KEYS: session, resume snapshot, language[, hop counter]. ARGV: session, its TTL; "set" | "del" |
# "keep" the snapshot, its value, its TTL; "set" | "nx" | "" the language, its value, its TTL;
# [the hop counter's TTL].
SAVE = """
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if ARGV[3] == 'set' then redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[5])
elseif ARGV[3] == 'del' then redis.call('DEL', KEYS[2]) end
if ARGV[6] == 'set' then redis.call('SET', KEYS[3], ARGV[7], 'EX', ARGV[8])
elseif ARGV[6] == 'nx' then redis.call('SET', KEYS[3], ARGV[7], 'EX', ARGV[8], 'NX') end
if KEYS[4] then
  redis.call('INCR', KEYS[4])
  redis.call('EXPIRE', KEYS[4], ARGV[9])
end
return 1
"""


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
        self._save = client.register_script(SAVE)

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
        """Write the session and the phone's snapshot ("keep" leaves it) in one step, with the
        language the phone chose, or else the one `looked_up` in the database (kept only if no
        choice was cached meanwhile), and count the hop under `hop_key`."""
        phone_key, session_key = self.phone_key(phone), f"sapa:ussd:{session_id}"
        keys = [session_key, f"{phone_key}:resume", f"{phone_key}:lang"]
        args: list = [self._seal_session(session, session_key), SESSION_TTL]
        if isinstance(snapshot, dict) and self.resume_seconds:
            args += ["set", self.packer.pack(_compact(snapshot), keys[1]), self.resume_seconds]
        else:
            args += ["keep" if snapshot == "keep" else "del", "", 0]
        args += ["set", language] if language else ["nx", looked_up] if looked_up else ["", ""]
        args.append(LANGUAGE_TTL)
        if hop_key:
            keys.append(hop_key)
            args.append(HOP_COUNT_TTL)
        try:
            if jobs is None:  # nearly every hop: one EVALSHA, one reply
                self._save(keys=keys, args=args)
                return
            # RQ's enqueue must land with the session or not at all: both in one MULTI/EXEC. The
            # script goes whole (EVAL): EVALSHA of a script Redis lost would fail alone inside EXEC,
            # and a registered script in a pipeline costs a SCRIPT EXISTS round trip first.
            with self.client.pipeline(transaction=True) as pipe:
                pipe.multi()
                pipe.eval(SAVE, len(keys), *keys, *args)
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
