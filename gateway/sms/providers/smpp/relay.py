"""What the send jobs and the bind process share in Redis: a list of submit requests, the one the bind
process is working on, and a record per message (by its send key) of what the SMSC answered.

The record is what makes a submit once-only: the bind process submits a part only when the record
holds no message id for it, and a request for a key whose record is final is answered from the record.
Keys (prefix sapa:smpp:):
  requests           list: JSON requests, pushed on the left by send jobs
  inflight           list: the request the bind process took (LMOVE), removed once answered
  sent:<key>         hash: phone, parts, part:<n> (the SMSC's id for part n), outcome, detail, nonce
  dlr:<message id>   the record a delivery receipt for that SMSC id belongs to (see delivery_ids)
  link               what the bind process last said about its link (bound, down, refused)
"""

import json
from dataclasses import dataclass

import redis

PREFIX = "sapa:smpp:"
REQUESTS, INFLIGHT, LINK = f"{PREFIX}requests", f"{PREFIX}inflight", f"{PREFIX}link"
KEPT_SECONDS = 7 * 24 * 3600  # receipts come within the validity period (48 h at most, usually)
ACCEPTED, FAILED, RETRY = "accepted", "failed", "retry"  # a record's outcome; the first two are final
REFUSED = "refused"  # LINK starts so when the SMSC refused our credentials: nothing goes till they change


@dataclass(frozen=True)
class Request:
    """Submit `text` to `phone` under `key`; `nonce` tells this attempt's answer from an earlier one.
    After `expires` (Unix seconds) nobody waits for the answer: the bind process drops the request
    unsent, and the send job's retry asks again (so a message given up on is never sent later)."""

    key: str
    phone: str
    text: str
    nonce: str
    expires: float = 0.0

    def dumps(self) -> str:
        return json.dumps({"key": self.key, "phone": self.phone, "text": self.text, "nonce": self.nonce,
                           "expires": self.expires})

    @classmethod
    def loads(cls, raw: bytes | str) -> "Request":
        data = json.loads(raw)
        return cls(str(data["key"]), str(data["phone"]), str(data["text"]), str(data.get("nonce", "")),
                   float(data.get("expires") or 0.0))


@dataclass(frozen=True)
class Record:
    """What the SMSC said so far about one message: the ids of the parts it took, and the outcome."""

    phone: str = ""
    parts: int = 0
    ids: dict[int, str] | None = None
    outcome: str = ""
    detail: str = ""
    nonce: str = ""

    @property
    def final(self) -> bool:
        return self.outcome in (ACCEPTED, FAILED)

    @property
    def first_id(self) -> str:
        return (self.ids or {}).get(1, "")


def sent_key(key: str) -> str:
    return f"{PREFIX}sent:{key}"


def read_record(client: redis.Redis, key: str) -> Record:
    fields = {k.decode(): v.decode() for k, v in client.hgetall(sent_key(key)).items()}
    ids = {int(name[5:]): value for name, value in fields.items() if name.startswith("part:")}
    return Record(phone=fields.get("phone", ""), parts=int(fields.get("parts") or 0), ids=ids,
                  outcome=fields.get("outcome", ""), detail=fields.get("detail", ""),
                  nonce=fields.get("nonce", ""))


def delivery_ids(message_id: str) -> set[str]:
    """The spellings a receipt may use for an SMSC message id: as given (lower case, no leading zeros)
    and, when it reads as hexadecimal, its decimal value (SMSCs answer submit_sm in hex and write the
    receipt's "id:" in decimal, or the other way about)."""
    plain = message_id.strip().lower().lstrip("0") or "0"
    spellings = {plain}
    try:
        spellings.add(str(int(plain, 16)))
    except ValueError:
        pass
    return spellings


def receipt_id(message_id: str) -> str:
    """A receipt's id written the way delivery_ids stores it (looked up as given)."""
    return message_id.strip().lower().lstrip("0") or "0"
