"""The SMS provider interface, in our words: what one send call answers for each recipient.

Every provider (gateway/sms/providers/, one module each) turns its own status codes into one of
four outcomes and keeps its own code in `detail` for the log and the console.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # the provider took it; a delivery report may follow
    RETRY = "retry"  # a passing fault (provider busy, gateway error): try again later
    FAILED = "failed"  # final for this recipient (bad number, opted out, refused)
    STOP_ALL = "stop_all"  # nothing will go until a person acts (the balance ran out)


@dataclass(frozen=True)
class Receipt:
    """What the provider said about one recipient."""

    phone: str
    outcome: Outcome
    detail: str  # the provider's own words, e.g. "403 InvalidPhoneNumber"
    message_id: str = ""
    cost: str = ""
    opted_out: bool = False  # the resident told the network to stop messages from us

    @property
    def accepted(self) -> bool:
        return self.outcome == Outcome.ACCEPTED


class SmsProvider(Protocol):
    """One small interface: send one text to several recipients, one receipt each."""

    name: str

    def send(self, recipients: list[str], text: str) -> list[Receipt]:
        """Send `text` to every recipient; raise TransientSendError when the whole call is worth
        retrying (unreachable, HTTP 5xx, timeout)."""
        ...
