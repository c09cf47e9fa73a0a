"""What the SMSC hands us in a deliver_sm, in our words: a delivery receipt (esm_class 0x04) for a part
we submitted, or an SMS a resident sent (mobile originated, MO). Answer with the command_status for
the deliver_sm_resp: ROK once it is safely taken, a temporary error (the SMSC delivers it again) when
the database or Redis is out of reach, a rejection (never again) when it is malformed.

A message we sent in several parts is delivered when every part is; it failed when any part did (the
resident cannot read it whole); until then it is pending ("DELIVRD 1/3").

MO messages carry no id in SMPP. Ours is a digest of the sender, the short code, the coding and the
bytes (header included), so the same deliver_sm delivered again after a cut has the same digest; the
first id made for a digest is kept for MO_SEEN_SECONDS and given again to a repeat, which the inbox
then takes as the message it already holds. The cost: the same words from the same phone within
that hour are one message (a resident texting INFO twice gets one answer).
"""

import hashlib
import logging
import re
import time
from collections.abc import Callable

import redis
from smpplib import consts

from menus.phones import parse_phone

from ....errors import REDIS_DOWN
from ....providers import Delivery, DeliveryReport, IncomingSms
from .coding import decode, header_and_text
from .relay import PREFIX, delivery_ids, read_record

log = logging.getLogger(__name__)
RECEIPT = 0x04  # esm_class message type: SMSC delivery receipt
TEXT_LIMIT = 1600
MO_SEEN_SECONDS = 3600
PARTS_KEPT_SECONDS = 3600  # parts of a long MO wait this long for the rest
DELIVERED, FAILED = {"DELIVRD"}, {"EXPIRED", "DELETED", "UNDELIV", "REJECTD", "UNKNOWN"}
FIELD = re.compile(r"\b(id|stat|err):(\S*)", re.IGNORECASE)
OK, TRY_AGAIN, REJECT = consts.SMPP_ESME_ROK, consts.SMPP_ESME_RX_T_APPN, consts.SMPP_ESME_RX_R_APPN


class Deliveries:
    """Reads each deliver_sm and hands it on; called by the link with every deliver_sm it receives."""

    def __init__(self, client: redis.Redis, take_incoming: Callable[[IncomingSms], str],
                 take_report: Callable[[DeliveryReport], str],
                 transient: tuple[type[BaseException], ...] = ()):
        self.redis, self.take_incoming, self.take_report = client, take_incoming, take_report
        self.transient = (*REDIS_DOWN, *transient)

    def __call__(self, pdu) -> int:
        try:
            if (pdu.esm_class or 0) & 0x3C == RECEIPT:
                return self._receipt(pdu)
            return self._incoming(pdu)
        except ValueError as exc:
            log.warning("SMPP: refused a malformed deliver_sm: %s", exc)
            return REJECT
        except self.transient as exc:
            log.warning("SMPP: could not take a deliver_sm now (%s); the SMSC will deliver it again",
                        type(exc).__name__)
            return TRY_AGAIN

    def _receipt(self, pdu) -> int:
        fields = {k.lower(): v for k, v in FIELD.findall(_message(pdu).decode("latin-1"))}
        said = (pdu.receipted_message_id or b"").decode("latin-1") or fields.get("id", "")
        if not said:
            raise ValueError("a delivery receipt without a message id")
        stat = fields.get("stat", "").upper()[:12] or "UNKNOWN"
        found = next((f for s in delivery_ids(said) if (f := self.redis.get(f"{PREFIX}dlr:{s}"))), None)
        if found is None:
            log.info("SMPP: a delivery receipt for a message id we did not submit (or forgot)")
            return OK
        key, seq = found.decode().rsplit("|", 1)
        states = f"{PREFIX}dlrparts:{key}"
        self.redis.hset(states, seq, stat)
        self.redis.expire(states, 7 * 24 * 3600)
        record = read_record(self.redis, key)
        if not record.first_id:
            return OK
        stats = [s.decode() for s in self.redis.hgetall(states).values()]
        self.take_report(_report(record.first_id, record.parts or 1, stats, stat, fields.get("err", "")))
        return OK

    def _incoming(self, pdu) -> int:
        raw = (pdu.source_addr or b"").decode("latin-1")
        if not raw:
            raise ValueError("a deliver_sm without a source address")
        international = pdu.source_addr_ton == consts.SMPP_TON_INTL and raw[:1] != "+"
        phone = parse_phone(f"+{raw}" if international else raw)
        message = _message(pdu)
        concat, body = header_and_text(pdu.esm_class or 0, message)
        text = decode(pdu.data_coding or 0, body).replace("\x00", "")
        if phone is None:
            log.info("SMPP: an SMS from a sender that is not a phone (an operator's notice); not answered")
            return OK
        short_code = (pdu.destination_addr or b"").decode("latin-1")[:20]
        digest = hashlib.sha256(b"|".join((raw.encode(), short_code.encode(), bytes((pdu.data_coding or 0,)),
                                           message))).hexdigest()
        if concat:
            whole = self._join(raw, concat, text, digest)
            if whole is None:
                return OK  # kept until the other parts come
            text, digest = whole
        provider_id = self._provider_id(digest)
        self.take_incoming(IncomingSms(provider_id, phone, short_code, text[:TEXT_LIMIT]))
        return OK

    def _join(self, sender: str, concat: tuple[int, int, int], text: str, digest: str):
        reference, total, seq = concat
        if not 1 <= seq <= total:
            raise ValueError("a concatenated part numbered outside its message")
        parts = f"{PREFIX}moparts:{hashlib.sha256(f'{sender}|{reference}|{total}'.encode()).hexdigest()[:24]}"
        self.redis.hset(parts, str(seq), f"{digest}|{text}")
        self.redis.expire(parts, PARTS_KEPT_SECONDS)
        held = {int(k): v.decode().split("|", 1) for k, v in self.redis.hgetall(parts).items()}
        if len(held) < total:
            return None
        ordered = [held[n] for n in range(1, total + 1)]
        digest = hashlib.sha256("".join(d for d, _ in ordered).encode()).hexdigest()
        return "".join(t for _, t in ordered), digest

    def _provider_id(self, digest: str) -> str:
        seen = f"{PREFIX}moseen:{digest}"
        fresh = f"smpp:{digest[:20]}:{int(time.time())}"
        if self.redis.set(seen, fresh, nx=True, ex=MO_SEEN_SECONDS):
            return fresh
        return (self.redis.get(seen) or fresh.encode()).decode()


def _message(pdu) -> bytes:
    return pdu.short_message or getattr(pdu, "message_payload", None) or b""


def _report(first_id: str, parts: int, stats: list[str], stat: str, err: str) -> DeliveryReport:
    reason = f"err:{err}" if err else ""
    if stat in FAILED or any(s in FAILED for s in stats):
        failed = stat if stat in FAILED else next(s for s in stats if s in FAILED)
        return DeliveryReport(first_id, Delivery.FAILED, failed, failure_reason=reason)
    delivered = sum(s in DELIVERED for s in stats)
    if delivered >= parts:
        return DeliveryReport(first_id, Delivery.DELIVERED, "DELIVRD")
    return DeliveryReport(first_id, Delivery.PENDING, f"{stat} {delivered}/{parts}" if parts > 1 else stat)
