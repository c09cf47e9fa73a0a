"""A stand-in SMSC on loopback TCP: enough SMPP 3.4 (encoded and decoded with smpplib's own PDU classes)
for the bind process to bind, submit, keep alive, be cut, and receive deliver_sm.

It checks the bind's credentials, answers each submit_sm with a hex message id, or with what `script`
says for the next submits ("ok", "throttle", "fail:<status>", "cut": drop the link without taking the
submit, "take-and-cut": take it, then drop the link before answering), records every submit it took
(`submits`), falls silent on demand (`mute`), and sends deliver_sm on demand: a resident's SMS
(`send_mo`) or a delivery receipt whose id is written in decimal (`send_receipt`).
"""

import socket
import struct
import threading
import time
from dataclasses import dataclass

from smpplib import consts, smpp
from smpplib.client import SimpleSequenceGenerator

from gateway.sms.providers.smpp.coding import decode, header_and_text, split

SYSTEM_ID, PASSWORD = "sapa", "rahasia8"


@dataclass(frozen=True)
class Submit:
    """One submit_sm the stand-in took."""

    destination: str
    source: str
    data_coding: int
    esm_class: int
    reference: int | None
    total: int
    seq: int
    text: str
    message_id: str


class Smsc:
    """Serve SMPP on a free loopback port; `with Smsc() as smsc:`."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.script: list[str] = []
        self.submits: list[Submit] = []
        self.binds: list[tuple[str, str]] = []
        self.enquiries = 0
        self.lock = threading.Condition()
        self.connection: socket.socket | None = None
        self.answers: dict[int, int] = {}  # deliver_sm sequence -> the bind's command_status
        self.sequences = SimpleSequenceGenerator()
        self.next_id = 0x1A2B00
        self.running = True
        self.muted: socket.socket | None = None
        self.refusing = False  # True: every bind is refused as if the password were wrong

    def __enter__(self):
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.cut()
        # close() alone leaves a thread blocked in accept() holding the listening socket open;
        # shutdown() wakes it, so no stand-in outlives its test.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        self.accepting.join(5)

    # What tests do

    def cut(self) -> None:
        """Drop the link, as a lost network would."""
        with self.lock:
            connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()

    def mute(self) -> None:
        """Stop answering on the current link (a hung SMSC or a dead route), without closing it."""
        with self.lock:
            self.muted = self.connection

    def bound(self) -> bool:
        with self.lock:
            return self.connection is not None

    def wait_bound(self, seconds: float = 10.0) -> None:
        deadline = time.monotonic() + seconds
        while not self.bound():
            assert time.monotonic() < deadline, "the bind process did not bind"
            time.sleep(0.02)

    def send_mo(self, source: str, text: str, short_code: str = "3345", parts_key: str = "mo") -> list[int]:
        """A resident's SMS (split like a phone would when long); return the bind's answer to each part."""
        coded = split(text, parts_key)
        return [self._deliver(source_addr=source.lstrip("+"), source_addr_ton=consts.SMPP_TON_INTL,
                              source_addr_npi=consts.SMPP_NPI_ISDN, destination_addr=short_code,
                              esm_class=coded.esm_class, data_coding=coded.data_coding, short_message=message)
                for message in coded.messages]

    def send_receipt(self, message_id_hex: str, stat: str = "DELIVRD", err: str = "000",
                     tlv: bool = False) -> int:
        """A delivery receipt for one of our ids, its "id:" in decimal (as many SMSCs write it)."""
        decimal = str(int(message_id_hex, 16))
        text = (f"id:{decimal} sub:001 dlvrd:{'001' if stat == 'DELIVRD' else '000'} submit date:2611281907 "
                f"done date:2611281907 stat:{stat} err:{err} text:")
        extra = {"receipted_message_id": message_id_hex} if tlv else {}
        return self._deliver(source_addr="6281200000000", destination_addr="3345", esm_class=0x04,
                             short_message=text.encode(), **extra)

    def send_raw(self, **fields) -> int:
        """Any deliver_sm (malformed ones too); return the bind's answer."""
        return self._deliver(**fields)

    def texted(self, strict: bool = True) -> list[tuple[str, str]]:
        """(destination, whole text) for each message the stand-in took, parts joined by reference;
        a missing or doubled part fails (`strict`) or leaves that message out (while parts still come)."""
        joined: dict[tuple, list[Submit]] = {}
        for s in self.submits:
            key = (s.destination, s.reference, s.total) if s.reference is not None else (s.destination, id(s))
            joined.setdefault(key, []).append(s)
        out = []
        for parts in joined.values():
            parts.sort(key=lambda s: s.seq)
            whole = [s.seq for s in parts] == list(range(1, parts[0].total + 1))
            assert whole or not strict, parts
            if not whole:
                continue
            out.append((f"+{parts[0].destination}", "".join(s.text for s in parts)))
        return out

    # The server

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            while True:
                pdu = self._read(connection)
                if pdu is None:
                    return
                if not self._answer(connection, pdu):
                    return
        except OSError:
            return
        finally:
            with self.lock:
                if self.connection is connection:
                    self.connection = None
            connection.close()

    def _answer(self, connection, pdu) -> bool:
        command = pdu.command
        if connection is self.muted:
            return True
        if command == "bind_transceiver":
            credentials = (pdu.system_id.decode(), pdu.password.decode())
            self.binds.append(credentials)
            ok = credentials == (SYSTEM_ID, PASSWORD) and not self.refusing
            self._send(connection, "bind_transceiver_resp", pdu.sequence,
                       consts.SMPP_ESME_ROK if ok else consts.SMPP_ESME_RINVPASWD, system_id="standin")
            if ok:
                with self.lock:
                    self.connection = connection
            return ok
        if command == "enquire_link":
            self.enquiries += 1
            self._send(connection, "enquire_link_resp", pdu.sequence)
        elif command == "unbind":
            self._send(connection, "unbind_resp", pdu.sequence)
            return False
        elif command == "submit_sm":
            return self._submit(connection, pdu)
        elif command == "deliver_sm_resp":
            with self.lock:
                self.answers[pdu.sequence] = pdu.status
                self.lock.notify_all()
        return True

    def _submit(self, connection, pdu) -> bool:
        with self.lock:
            action = self.script.pop(0) if self.script else "ok"
        if action == "cut":
            return False
        if action == "throttle":
            self._send(connection, "submit_sm_resp", pdu.sequence, consts.SMPP_ESME_RTHROTTLED)
            return True
        if action.startswith("fail:"):
            self._send(connection, "submit_sm_resp", pdu.sequence, int(action[5:], 16))
            return True
        concat, body = header_and_text(pdu.esm_class, pdu.short_message)
        self.next_id += 1
        message_id = f"{self.next_id:X}"
        self.submits.append(Submit(pdu.destination_addr.decode(), pdu.source_addr.decode(), pdu.data_coding,
                                   pdu.esm_class, concat[0] if concat else None, concat[1] if concat else 1,
                                   concat[2] if concat else 1, decode(pdu.data_coding, body), message_id))
        if action == "take-and-cut":
            return False
        self._send(connection, "submit_sm_resp", pdu.sequence, message_id=message_id)
        return True

    def _deliver(self, **fields) -> int:
        with self.lock:
            connection = self.connection
        assert connection is not None, "no bind to deliver to"
        pdu = smpp.make_pdu("deliver_sm", client=self.sequences, allow_unknown_opt_params=True, **fields)
        connection.sendall(pdu.generate())
        with self.lock:
            assert self.lock.wait_for(lambda: pdu.sequence in self.answers, 10), "no deliver_sm_resp"
            return self.answers.pop(pdu.sequence)

    def _send(self, connection, command: str, sequence: int, status: int = consts.SMPP_ESME_ROK, **fields):
        pdu = smpp.make_pdu(command, client=self.sequences, status=status, **fields)
        pdu.sequence = sequence
        connection.sendall(pdu.generate())

    @staticmethod
    def _read(connection):
        head = _exact(connection, 4)
        if head is None:
            return None
        (length,) = struct.unpack(">L", head)
        body = _exact(connection, length - 4)
        if body is None:
            return None
        return smpp.parse_pdu(head + body, client=SimpleSequenceGenerator(), allow_unknown_opt_params=True)


def _exact(connection, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
