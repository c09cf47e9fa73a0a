"""Live console log-ins in Redis, so that the server, not the cookie, decides who is signed in.

Flask-Session keeps each session's data under SESSION_PREFIX + its id; beside it this index keeps,
per session, who holds it, since when, from which address and when it was last used, and per staff
member the set of their session ids. Logging out, a deactivation, a password change or an admin
ends sessions by deleting both; a session unused for `idle_seconds` expires, and every session ends
`max_seconds` after log-in.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

import redis

SESSION_PREFIX = "sapa:console:session:"  # Flask-Session's SESSION_KEY_PREFIX
LOGIN_PREFIX = "sapa:console:login:"  # + session id: a hash of who, since, from where, last seen
STAFF_PREFIX = "sapa:console:staff:"  # + staff id: the set of that member's session ids


@dataclass(frozen=True)
class Login:
    """One live console session, as the admin's list shows it."""

    sid: str
    staff_id: int
    since: datetime
    ip: str
    seen: datetime

    @property
    def handle(self) -> str:
        """What the admin's page names the session by: its id would let a reader take it over."""
        return handle_of(self.sid)


class Logins:
    """Start, check, list and end console sessions (times are Unix seconds, passed in)."""

    def __init__(self, client: redis.Redis, idle_seconds: int, max_seconds: int):
        self.client = client
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds

    def start(self, sid: str, staff_id: int, ip: str, now: float) -> None:
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(LOGIN_PREFIX + sid, mapping={"staff_id": staff_id, "since": now, "ip": ip, "seen": now})
            pipe.expire(LOGIN_PREFIX + sid, self.idle_seconds)
            pipe.sadd(STAFF_PREFIX + str(staff_id), sid)
            pipe.expire(STAFF_PREFIX + str(staff_id), self.max_seconds)
            pipe.execute()

    def touch(self, sid: str, staff_id: int, ip: str, now: float) -> bool:
        """True while the session is live (not ended, idle or too old); note that it was used now."""
        fields = self.client.hgetall(LOGIN_PREFIX + sid)
        # A session ended while this request ran may leave a hash of `seen` alone: that is not live.
        if fields.get(b"staff_id") != str(staff_id).encode() or b"since" not in fields:
            return False
        if now - float(fields[b"since"]) > self.max_seconds:
            self.end(sid)
            return False
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(LOGIN_PREFIX + sid, mapping={"seen": now, "ip": ip})
            pipe.expire(LOGIN_PREFIX + sid, self.idle_seconds)
            pipe.execute()
        return True

    def end(self, sid: str) -> int | None:
        """End one session; return whose it was (None when it had already ended)."""
        owner = self.client.hget(LOGIN_PREFIX + sid, "staff_id")
        with self.client.pipeline(transaction=True) as pipe:
            pipe.delete(LOGIN_PREFIX + sid, SESSION_PREFIX + sid)
            if owner:
                pipe.srem(STAFF_PREFIX + owner.decode(), sid)
            pipe.execute()
        return int(owner) if owner else None

    def end_all(self, staff_id: int) -> int:
        """End every session of one staff member (deactivated, or a new password); return how many."""
        sids = [s.decode() for s in self.client.smembers(STAFF_PREFIX + str(staff_id))]
        with self.client.pipeline(transaction=True) as pipe:
            for sid in sids:
                pipe.delete(LOGIN_PREFIX + sid, SESSION_PREFIX + sid)
            pipe.delete(STAFF_PREFIX + str(staff_id))
            deleted = pipe.execute()
        return sum(1 for n in deleted[:-1] if n)

    def end_by_handle(self, staff_id: int, handle: str) -> bool:
        """End the session of this staff member that the admin's page named; False when it is gone."""
        for raw in self.client.smembers(STAFF_PREFIX + str(staff_id)):
            if handle_of(raw.decode()) == handle:
                return self.end(raw.decode()) is not None
        return False

    def live(self, staff_ids: list[int]) -> list[Login]:
        """The live sessions of these staff members, newest first; forget the ids that expired."""
        found = []
        for staff_id in staff_ids:
            for raw in self.client.smembers(STAFF_PREFIX + str(staff_id)):
                sid = raw.decode()
                fields = self.client.hgetall(LOGIN_PREFIX + sid)
                if b"since" not in fields:
                    self.client.srem(STAFF_PREFIX + str(staff_id), sid)
                    continue
                found.append(Login(sid, staff_id, _time(fields[b"since"]), fields[b"ip"].decode(),
                                   _time(fields[b"seen"])))
        return sorted(found, key=lambda login: login.since, reverse=True)


def handle_of(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()[:16]


def _time(raw: bytes) -> datetime:
    return datetime.fromtimestamp(float(raw), UTC)
