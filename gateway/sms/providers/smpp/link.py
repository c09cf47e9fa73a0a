"""The bind process's link: one transceiver bind to the SMSC, kept alive with enquire_link, bound again
with growing waits after a cut; it submits what the send jobs queue (relay.py) at no more than the
account's rate and hands every deliver_sm to `on_deliver`, answering with the status that returns.

One PDU in flight at a time (a submit waits for its submit_sm_resp): simple to reason about, and at
20 ms a round trip it still passes 30 submits a second, more than village accounts are sold.
A cut between a submit and its answer is the one case SMPP leaves open: the part is submitted again
after the rebind (its record holds no id for it), so the resident may get that part twice; losing it
silently would be worse. A request taken but not yet submitted stays in the in-flight list and goes
after the rebind; one already answered is never submitted again.
"""

import logging
import select
import socket
import time
from collections.abc import Callable

import redis
from smpplib import consts, smpp
from smpplib.client import Client
from smpplib.exceptions import ConnectionError as SmppConnectionError
from smpplib.exceptions import PDUError

from ....backoff import waits
from ....errors import REDIS_DOWN
from .relay import INFLIGHT, LINK, REFUSED, REQUESTS
from .submitting import THROTTLE_WAITS, Submitter, describe

log = logging.getLogger(__name__)
REFUSING = {consts.SMPP_ESME_RBINDFAIL, consts.SMPP_ESME_RINVPASWD, consts.SMPP_ESME_RINVSYSID,
            consts.SMPP_ESME_RINVSYSTYP}
LINK_TTL = 60  # the link's word outlives a dead bind process by this much
LOCK, LOCK_TTL = "sapa:smpp:bind", 30  # one bind process at a time: the account's rate is one budget


class LinkLostError(RuntimeError):
    """The link to the SMSC broke (cut, silent, or unbound by the SMSC): bind again."""


class Link:
    """A transceiver bind that is kept up until `stopping()` says so."""

    def __init__(self, config, client: redis.Redis, on_deliver: Callable[[object], int],
                 enquire_seconds: float = 30.0, answer_seconds: float = 10.0, longest_wait: float = 30.0,
                 throttle_waits: tuple[float, ...] = THROTTLE_WAITS):
        self.config, self.redis, self.on_deliver = config, client, on_deliver
        self.enquire_seconds, self.answer_seconds = enquire_seconds, answer_seconds
        self.longest_wait = longest_wait
        self.smpp: Client | None = None
        self.responses: dict[int, object] = {}
        self.heard = self.enquired = 0.0
        self.submitter = Submitter(self, client, config.tps, throttle_waits)
        self.owner = f"{socket.gethostname()}:{id(self)}"

    def run(self, stopping: Callable[[], bool]) -> None:
        """Bind, serve, and bind again after every cut, until `stopping()`."""
        backoff = waits(float("inf"), first=1.0, longest=self.longest_wait)
        while not stopping():
            try:
                held = self._hold_lock()
            except REDIS_DOWN as exc:  # nothing to submit and nowhere to answer: wait for it
                log.warning("SMPP: Redis is out of reach (%s); binding once it is back", type(exc).__name__)
                self._sleep(next(backoff), stopping)
                continue
            if not held:
                self._say("waiting: another bind process holds the link")
                self._sleep(5.0, stopping)
                continue
            try:
                self._bind()
                backoff = waits(float("inf"), first=1.0, longest=self.longest_wait)
                self._serve(stopping)
            except PDUError as exc:
                status = exc.args[1] if len(exc.args) > 1 else 0
                refused = status in REFUSING
                self._say(f"{REFUSED if refused else 'down'}: the SMSC answered {describe(status)}"
                          + (": check SMPP_SYSTEM_ID, SMPP_PASSWORD and SMPP_SYSTEM_TYPE" if refused else ""))
            except REDIS_DOWN as exc:  # before OSError: nothing to take, nowhere to answer
                log.warning("SMPP link closed: Redis is out of reach (%s)", type(exc).__name__)
            except (LinkLostError, SmppConnectionError, OSError) as exc:
                self._say(f"down: {str(exc) or 'the connection broke'}")
            finally:
                self._close()
            if not stopping():
                self._sleep(next(backoff), stopping)
        try:
            self.redis.delete(LINK)
            if (self.redis.get(LOCK) or b"").decode() == self.owner:
                self.redis.delete(LOCK)
        except REDIS_DOWN:
            pass  # both expire by themselves

    def read(self, seconds: float) -> None:
        """Take in what the SMSC sent within `seconds`, answering its requests; keep the link alive."""
        now = time.monotonic()
        if now - self.heard > self.enquire_seconds + self.answer_seconds:
            raise LinkLostError(f"the SMSC said nothing for {now - self.heard:.0f} s")
        if now - self.enquired >= self.enquire_seconds and now - self.heard >= self.enquire_seconds:
            self.smpp.send_pdu(smpp.make_pdu("enquire_link", client=self.smpp))
            self.enquired = now
        # smpplib reads with blocking calls; waiting on its socket first lets one thread do it all.
        readable, _, _ = select.select([self.smpp._socket], [], [], seconds)
        while readable:
            self._dispatch(self.smpp.read_pdu())
            readable, _, _ = select.select([self.smpp._socket], [], [], 0)

    def submit(self, **fields) -> object:
        """Send one submit_sm and return its answer (submit_sm_resp or generic_nack)."""
        pdu = self.smpp.send_message(**fields)
        deadline = time.monotonic() + self.answer_seconds
        while pdu.sequence not in self.responses:
            if time.monotonic() > deadline:
                raise LinkLostError("no submit_sm_resp in time")
            self.read(0.05)
        return self.responses.pop(pdu.sequence)

    def _bind(self) -> None:
        config = self.config
        self.smpp = Client(config.host, config.port, timeout=self.answer_seconds, logger_name="smpp.link",
                           allow_unknown_opt_params=True)
        logging.getLogger("smpp.link").setLevel(logging.INFO)  # its DEBUG lines dump PDUs: numbers, texts
        self.smpp.connect()
        self.smpp.bind_transceiver(system_id=config.system_id, password=config.password,
                                   system_type=config.system_type)
        self.heard = self.enquired = time.monotonic()
        self.responses.clear()
        self._say(f"bound to {config.host}:{config.port} as {config.system_id}")
        log.info("SMPP link bound to %s:%s", config.host, config.port)

    def _serve(self, stopping: Callable[[], bool]) -> None:
        renewed = time.monotonic()
        while not stopping():
            self.read(0.1)
            if time.monotonic() - renewed > LOCK_TTL / 6:
                if not self._hold_lock():
                    raise LinkLostError("another bind process took the lock")
                self.redis.expire(LINK, LINK_TTL)
                renewed = time.monotonic()
            raw = self.redis.lindex(INFLIGHT, -1) or self.redis.lmove(REQUESTS, INFLIGHT, "RIGHT", "LEFT")
            if raw is not None:
                self.submitter.take(raw)

    def _dispatch(self, pdu) -> None:
        self.heard = time.monotonic()
        if pdu.command in ("submit_sm_resp", "generic_nack"):
            self.responses[pdu.sequence] = pdu
        elif pdu.command in ("deliver_sm", "enquire_link", "unbind"):
            status = self.on_deliver(pdu) if pdu.command == "deliver_sm" else consts.SMPP_ESME_ROK
            answer = smpp.make_pdu(f"{pdu.command}_resp", client=self.smpp, status=status)
            answer.sequence = pdu.sequence
            self.smpp.send_pdu(answer)
            if pdu.command == "unbind":
                raise LinkLostError("the SMSC unbound")
        elif pdu.command != "enquire_link_resp":
            log.info("SMPP: ignored a %s from the SMSC", pdu.command)

    def _close(self) -> None:
        if self.smpp is not None:
            try:
                if self.smpp.state in (consts.SMPP_CLIENT_STATE_BOUND_TRX,):
                    self.smpp.send_pdu(smpp.make_pdu("unbind", client=self.smpp))
            except (SmppConnectionError, PDUError, OSError):
                pass  # the link is gone already
            self.smpp.state = consts.SMPP_CLIENT_STATE_OPEN  # we leave without waiting for unbind_resp
            self.smpp.disconnect()
            self.smpp = None

    def _hold_lock(self) -> bool:
        if self.redis.set(LOCK, self.owner, nx=True, ex=LOCK_TTL):
            return True
        if (self.redis.get(LOCK) or b"").decode() == self.owner:
            self.redis.expire(LOCK, LOCK_TTL)
            return True
        return False

    def _say(self, words: str) -> None:
        if not words.startswith("bound"):
            log.warning("SMPP link %s", words)
        try:
            self.redis.set(LINK, words[:200], ex=LINK_TTL)
        except REDIS_DOWN:
            pass  # `flask sms status` then says it cannot tell

    @staticmethod
    def _sleep(seconds: float, stopping: Callable[[], bool]) -> None:
        until = time.monotonic() + seconds
        while not stopping() and time.monotonic() < until:
            time.sleep(min(0.1, until - time.monotonic()))

