"""The send jobs' side of SMPP: hand each submit to the bind process through Redis and wait for its
answer; never open a bind of our own (an SMSC allows an account few binds, and one process keeps the
rate). See relay.py for what is shared and link.py for the bind process."""

import time
import uuid
from collections.abc import Sequence

import redis

from ....errors import REDIS_DOWN, TransientSendError
from ....providers import Outcome, Receipt
from .relay import ACCEPTED, LINK, REFUSED, REQUESTS, Record, Request, read_record

POLL_SECONDS = 0.05


class SmppProvider:
    """Submits through the bind process (`python -m workers.smpp`); one receipt per recipient."""

    name = "smpp"

    def __init__(self, client: redis.Redis, answer_seconds: float = 20.0, tps: int = 10):
        self.redis, self.answer_seconds, self.tps = client, answer_seconds, tps

    def send(self, recipients: list[str], text: str, keys: Sequence[str] = ()) -> list[Receipt]:
        """Queue one request per recipient not yet answered for good, then wait for the bind process.

        Raise TransientSendError when it does not answer in time (it is down, or the link is): the
        retry sends the same keys, which the bind process answers from its record, never twice.
        """
        keys = [keys[i] if i < len(keys) and keys[i] else f"smpp-{uuid.uuid4().hex}"
                for i in range(len(recipients))]
        nonce, answered = uuid.uuid4().hex, {}
        try:
            # Requests ahead of ours are submitted first, at the account's rate.
            wait = self.answer_seconds + (self.redis.llen(REQUESTS) + len(recipients)) / self.tps
            deadline, expires = time.monotonic() + wait, time.time() + wait
            for phone, key in zip(recipients, keys, strict=True):
                record = read_record(self.redis, key)
                if record.final:
                    answered[key] = _receipt(phone, record)
                else:
                    self.redis.lpush(REQUESTS, Request(key, phone, text, nonce, expires).dumps())
            while len(answered) < len(keys):
                for phone, key in zip(recipients, keys, strict=True):
                    if key not in answered:
                        record = read_record(self.redis, key)
                        if record.final or (record.outcome and record.nonce == nonce):
                            answered[key] = _receipt(phone, record)
                if len(answered) == len(keys) or time.monotonic() > deadline:
                    break
                time.sleep(POLL_SECONDS)
            link = (self.redis.get(LINK) or b"").decode()
        except REDIS_DOWN as exc:
            raise TransientSendError("Redis is out of reach, so the bind process cannot be asked") from exc
        if len(answered) < len(keys):
            if link.startswith(REFUSED):  # nothing will go until someone fixes the settings
                return [answered.get(k) or Receipt(p, Outcome.STOP_ALL, link[:200])
                        for p, k in zip(recipients, keys, strict=True)]
            raise TransientSendError(f"the SMPP bind process did not answer in {self.answer_seconds:.0f} s "
                                     f"(link: {link or 'no bind process running'})")
        return [answered[k] for k in keys]

    def link_state(self) -> str:
        """What the bind process last said about its link (`flask sms status` shows it)."""
        try:
            said = (self.redis.get(LINK) or b"").decode()
            return said or "no bind process running (python -m workers.smpp)"
        except REDIS_DOWN:
            return "unknown: Redis is out of reach"

    def lookup(self, key: str) -> list[Receipt] | None:
        """What the SMSC took under `key`: a receipt when every part was submitted or it was refused for
        good; None while any part is unsent (sending again submits only those)."""
        try:
            record = read_record(self.redis, key)
        except REDIS_DOWN as exc:
            raise TransientSendError("Redis is out of reach") from exc
        return [_receipt(record.phone, record)] if record.final else None


def _receipt(phone: str, record: Record) -> Receipt:
    if record.outcome == ACCEPTED:
        return Receipt(phone, Outcome.ACCEPTED, record.detail or f"submitted in {record.parts} part(s)",
                       record.first_id)
    return Receipt(phone, Outcome.FAILED if record.final else Outcome.RETRY, record.detail[:200])
