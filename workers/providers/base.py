"""The provider interface and what it answers: one receipt per recipient."""

from dataclasses import dataclass
from typing import Protocol

# Per-recipient status codes (providers.md). Accepted ones, and failures worth a retry.
ACCEPTED = frozenset({100, 101, 102})
TRANSIENT = frozenset({500, 501, 502})
INSUFFICIENT_BALANCE = 405
OPTED_OUT = 406


@dataclass(frozen=True)
class Receipt:
    """What the provider said about one recipient."""

    phone: str
    status_code: int
    status: str
    message_id: str = ""
    cost: str = ""

    @property
    def accepted(self) -> bool:
        return self.status_code in ACCEPTED

    @property
    def transient(self) -> bool:
        return self.status_code in TRANSIENT


class TransientSendError(RuntimeError):
    """The provider could not be reached or answered 5xx: the send may be retried."""


class SmsProvider(Protocol):
    def send(self, recipients: list[str], text: str) -> list[Receipt]:
        """Send one text to every recipient; raise TransientSendError when worth retrying."""
        ...
