"""Simulated residents: each runs whole journeys on its own fresh phone number (requirements sent
by SMS, applying, status, an SMS keyword) and the tally keeps what every hop got and what was
promised: the codes shown and the SMS said to be on their way."""

import itertools
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests

from .provider import BARRED

SORRY = "END Maaf, layanan sedang gangguan"
CODE = re.compile(r"Kode Anda: (\S+)\.")
KEYWORDS = ("INFO", "SYARAT 2", "BANTUAN", "SYARAT domisili")
NAMES = ("Siti Aminah", "Budi Santoso", "Dewi Lestari", "Agus Salim", "Rina Wati", "Yusuf Hamid")
_numbers = itertools.count(1)
_lock = threading.Lock()


def next_number() -> int:
    with _lock:
        return next(_numbers)


@dataclass
class Tally:
    """What the residents saw, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    journeys: Counter = field(default_factory=Counter)
    hops: Counter = field(default_factory=Counter)  # ok, sorry, 5xx, refused, timeout, other
    callbacks: Counter = field(default_factory=Counter)  # incoming SMS posts by answer
    codes: dict[str, str] = field(default_factory=dict)  # code shown -> phone
    promised: dict[str, str] = field(default_factory=dict)  # phone -> journey that promised an SMS
    last_ok: float = 0.0

    def count(self, counter: str, key: str) -> None:
        with self.lock:
            getattr(self, counter)[key] += 1
            if counter == "hops" and key == "ok":
                self.last_ok = time.monotonic()


class Resident(threading.Thread):
    """Runs journeys until `stop` is set."""

    def __init__(self, base_url: str, token: str, tally: Tally, stop: threading.Event, seed: int):
        super().__init__(daemon=True)
        self.base_url, self.token, self.tally, self.stop = base_url, token, tally, stop
        self.random = random.Random(seed)
        self.http = requests.Session()

    def run(self) -> None:
        journeys = (self.requirements_by_sms, self.apply, self.status, self.keyword, self.barred)
        weights = (30, 25, 15, 25, 5)
        while not self.stop.is_set():
            journey = self.random.choices(journeys, weights)[0]
            journey()
            self.stop.wait(self.random.uniform(0.5, 2.0))  # residents are not machines

    def phone(self, prefix: str = "+62812") -> str:
        return f"{prefix}{next_number():07d}"

    def dial(self, phone: str, *keys: str) -> str | None:
        """Dial and press `keys` one hop at a time; the last screen, or None when a hop failed."""
        session_id, inputs, body = f"soak-{phone.lstrip('+')}", [], None
        for key in ("", *keys):
            if key:
                inputs.append(key)
            body = self.hop(session_id, phone, "*".join(inputs))
            if body is None:
                return None
            self.stop.wait(self.random.uniform(0.1, 0.5))
        return body

    def hop(self, session_id: str, phone: str, text: str) -> str | None:
        try:
            response = self.http.post(f"{self.base_url}/ussd?token={self.token}", timeout=10, data={
                "sessionId": session_id, "serviceCode": "*384*123#", "phoneNumber": phone,
                "networkCode": "51010", "text": text})
        except requests.ConnectionError:
            self.tally.count("hops", "refused")
            return None
        except requests.Timeout:
            self.tally.count("hops", "timeout")
            return None
        if response.status_code >= 500:
            self.tally.count("hops", "5xx")
            return None
        if response.status_code != 200 or not response.text.startswith(("CON ", "END ")):
            self.tally.count("hops", "other")
            return None
        if response.text.startswith(SORRY):
            self.tally.count("hops", "sorry")
            return None
        self.tally.count("hops", "ok")
        return response.text

    def requirements_by_sms(self, prefix: str = "+62812", journey: str = "requirements_sms") -> None:
        phone = self.phone(prefix)
        end = self.dial(phone, "1", str(self.random.randint(1, 8)), "9")
        self.tally.count("journeys", journey)
        if end and "dikirim" in end:
            with self.tally.lock:
                self.tally.promised[phone] = journey

    def barred(self) -> None:
        """A number the provider refuses for good: the SMS must end failed, with the reason."""
        self.requirements_by_sms(BARRED, "barred_number")

    def apply(self) -> None:
        phone, n = self.phone(), next_number()
        nik = f"317101{1 + n % 28:02d}{1 + n % 12:02d}90{1 + n % 9999:04d}"
        end = self.dial(phone, "2", str(self.random.randint(1, 8)), self.random.choice(NAMES), nik, "3/7",
                        "1", "1")
        self.tally.count("journeys", "apply")
        found = CODE.search(end or "")
        if found:
            with self.tally.lock:
                self.tally.codes[found.group(1)] = phone
                self.tally.promised[phone] = "apply"

    def status(self) -> None:
        self.dial(self.phone(), "3")
        self.tally.count("journeys", "status")

    def keyword(self) -> None:
        """Text a keyword; post it again, as the provider does, until it is taken (200)."""
        phone = self.phone()
        self.tally.count("journeys", "sms_keyword")
        form = {"from": phone, "to": "98765", "text": self.random.choice(KEYWORDS),
                "id": f"soak-in-{next_number()}", "date": "2026-11-29 10:00:00"}
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                response = self.http.post(f"{self.base_url}/sms/incoming?token={self.token}", data=form,
                                          timeout=10)
                self.tally.count("callbacks", str(response.status_code))
                if response.status_code == 200:
                    with self.tally.lock:
                        self.tally.promised[phone] = "sms_keyword"
                    return
            except requests.RequestException as exc:
                self.tally.count("callbacks", type(exc).__name__)
            time.sleep(2)
