"""The SMS provider interface (and the WhatsApp sender's), in our words: what one send call answers
for each recipient, and what a provider tells us (an incoming SMS, a delivery report).

Every provider (gateway/sms/providers/, one module each) turns its own status codes into one of
four outcomes, and its delivery statuses into one of three states, keeping its own words in
`detail` or `status` for the log and the console.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # the provider took it; a delivery report may follow
    RETRY = "retry"  # a passing fault (provider busy, gateway error): try again later
    FAILED = "failed"  # final for this recipient (bad number, opted out, refused)
    STOP_ALL = "stop_all"  # nothing will go until a person acts (the balance ran out)


class Delivery(StrEnum):
    DELIVERED = "delivered"  # final: on the phone
    FAILED = "failed"  # final: it will not arrive (expired, rejected, no such subscriber)
    PENDING = "pending"  # on its way (sent, buffered, phone off for now)


@dataclass(frozen=True)
class IncomingSms:
    """An SMS a resident sent us, as any provider hands it over."""

    provider_id: str  # the provider's id for it: the same id posted twice is one message
    phone: str  # E.164
    short_code: str
    text: str = field(repr=False)
    link_id: str = ""


@dataclass(frozen=True)
class DeliveryReport:
    """What the network said about a message we sent, matched by the provider's message id."""

    provider_message_id: str
    state: Delivery
    status: str  # the provider's own word, e.g. "Buffered", "DELIVRD"
    failure_reason: str = ""
    opted_out: bool = False  # the resident blocked messages from us


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


class ChatProvider(Protocol):
    """A chat channel's sender (WhatsApp): one message to one phone, answered with one receipt."""

    name: str

    def send(self, phone: str, message: dict) -> Receipt:
        """Send one message (the channel's own JSON for it) to `phone`; never raise for a refusal
        or an outage: say it in the receipt's outcome (retry, failed)."""
        ...


class TraceableProvider(SmsProvider, Protocol):
    """A provider that keeps our reference with a message and can be asked later whether it took it
    (the Android gateway's GET /messages/{id}, say). Optional: a provider without `lookup` is sent
    to again when a worker died mid-send, since whether it took the message cannot be known.
    """

    def send(self, recipients: list[str], text: str, ref: str = "") -> list[Receipt]:
        """As SmsProvider.send, keeping `ref` (ours, unique per message) with the message."""
        ...

    def lookup(self, ref: str) -> list[Receipt] | None:
        """What the provider did with the message sent under `ref`: one receipt per recipient, or
        None when it never got it. Raise TransientSendError when it cannot tell now."""
        ...


def message_ref(message_id: int) -> str:
    """Our reference for one message, given to a provider that keeps it."""
    return f"sapa-{message_id}"


def traceable(provider: SmsProvider) -> bool:
    """True when the provider can be asked later whether it took a message (TraceableProvider)."""
    return callable(getattr(provider, "lookup", None))
