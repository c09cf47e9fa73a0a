"""Submit one request the bind process took: each part not yet taken by the SMSC, at no more than the
account's rate; write what the SMSC answered into the message's record (relay.py), which the waiting
send job reads, and map each part's SMSC id to the record for delivery receipts."""

import logging
import time

import redis
from smpplib import consts

from .coding import split
from .relay import (
    ACCEPTED,
    FAILED,
    INFLIGHT,
    KEPT_SECONDS,
    PREFIX,
    RETRY,
    Request,
    delivery_ids,
    read_record,
    sent_key,
)

log = logging.getLogger(__name__)
THROTTLED = consts.SMPP_ESME_RTHROTTLED
# Worth a retry: the SMSC is busy or had a passing fault. Anything else refuses this message for good.
TRANSIENT = {THROTTLED, consts.SMPP_ESME_RSYSERR, consts.SMPP_ESME_RMSGQFUL, consts.SMPP_ESME_RSUBMITFAIL,
             consts.SMPP_ESME_RX_T_APPN}
THROTTLE_WAITS = (1.0, 2.0, 4.0)  # wait and submit again, then leave it to the send job's retries


class Submitter:
    """Takes requests one at a time for the link; a token bucket keeps submits under `tps` a second."""

    def __init__(self, link, client: redis.Redis, tps: int,
                 throttle_waits: tuple[float, ...] = THROTTLE_WAITS):
        self.link, self.redis, self.tps, self.throttle_waits = link, client, tps, throttle_waits
        self.tokens, self.filled = float(tps), time.monotonic()

    def take(self, raw: bytes) -> None:
        """Submit the request (what its record lacks), record the answer, and let go of it."""
        try:
            request = Request.loads(raw)
        except (ValueError, KeyError, TypeError):
            log.error("SMPP: dropped an unreadable submit request")
            self.redis.lrem(INFLIGHT, 1, raw)
            return
        if request.expires and time.time() > request.expires:
            log.info("SMPP: dropped a request for %s unsent: its send job stopped waiting", request.key)
            self.redis.lrem(INFLIGHT, 1, raw)
            return
        record = read_record(self.redis, request.key)
        if not record.final:
            self._submit(request, set(record.ids or {}))
        self.redis.hset(sent_key(request.key), "nonce", request.nonce)
        self.redis.lrem(INFLIGHT, 1, raw)

    def _submit(self, request: Request, done: set[int]) -> None:
        config = self.link.config
        parts = split(request.text, request.key)
        key = sent_key(request.key)
        self.redis.hset(key, mapping={"phone": request.phone, "parts": len(parts.messages)})
        self.redis.expire(key, KEPT_SECONDS)
        for seq, message in enumerate(parts.messages, start=1):
            if seq in done:
                continue  # taken before a cut or a crash: never twice
            answer = self._submit_part(
                service_type=config.service_type, source_addr_ton=config.source_ton,
                source_addr_npi=config.source_npi, source_addr=config.source_addr,
                dest_addr_ton=consts.SMPP_TON_INTL, dest_addr_npi=consts.SMPP_NPI_ISDN,
                destination_addr=request.phone.lstrip("+"),
                esm_class=parts.esm_class, data_coding=parts.data_coding, short_message=message,
                registered_delivery=consts.SMPP_SMSC_DELIVERY_RECEIPT_BOTH)
            status = answer.status
            if status != consts.SMPP_ESME_ROK or answer.command == "generic_nack":
                return self._answer(key, RETRY if status in TRANSIENT else FAILED, describe(status))
            message_id = (answer.message_id or b"").decode("ascii", "replace")
            self.redis.hset(key, f"part:{seq}", message_id)
            for spelling in delivery_ids(message_id):
                self.redis.set(f"{PREFIX}dlr:{spelling}", f"{request.key}|{seq}", ex=KEPT_SECONDS)
        self._answer(key, ACCEPTED, f"submitted in {len(parts.messages)} part(s)")

    def _submit_part(self, **fields):
        for wait in (*self.throttle_waits, None):
            self._take_token()
            answer = self.link.submit(**fields)
            if answer.status != THROTTLED or wait is None:
                return answer
            log.warning("SMPP: the SMSC throttles us (0x58); submitting again in %.0f s", wait)
            self._pause(wait)
        raise AssertionError("unreachable")

    def _answer(self, key: str, outcome: str, detail: str) -> None:
        self.redis.hset(key, mapping={"outcome": outcome, "detail": detail})
        if outcome != ACCEPTED:
            log.warning("SMPP: the SMSC refused a submit (%s): %s", outcome, detail)

    def _take_token(self) -> None:
        while True:
            now = time.monotonic()
            self.tokens = min(float(self.tps), self.tokens + (now - self.filled) * self.tps)
            self.filled = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            self.link.read((1 - self.tokens) / self.tps)  # wait, yet answer the SMSC meanwhile

    def _pause(self, seconds: float) -> None:
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0:
            self.link.read(min(left, 0.2))


def describe(status: int) -> str:
    """An SMPP command_status as the log and the console show it, e.g. "0x58 ESME_RTHROTTLED"."""
    name = next((n[5:] for n, v in vars(consts).items() if n.startswith("SMPP_ESME_") and v == status), "")
    return f"0x{status:02x} {name or consts.DESCRIPTIONS.get(status, 'unknown status')}"
