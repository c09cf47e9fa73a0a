"""A provider that records what it is asked to send and answers as scripted: for unit tests of the
sending logic. Integration tests use the real client against a local stand-in instead."""

from gateway.errors import TransientSendError
from gateway.providers import Outcome, Receipt


class RecordingProvider:
    """`script` holds one answer per coming call: an Outcome for every recipient, or
    TransientSendError to raise; ACCEPTED once it runs out. `opted_out` marks FAILED answers."""

    name = "fake"

    def __init__(self, *script, opted_out: bool = False):
        self.script = list(script)
        self.opted_out = opted_out
        self.calls: list[tuple[tuple[str, ...], str]] = []

    def send(self, recipients: list[str], text: str) -> list[Receipt]:
        self.calls.append((tuple(recipients), text))
        answer = self.script.pop(0) if self.script else Outcome.ACCEPTED
        if answer is TransientSendError:
            raise TransientSendError("fake provider unreachable")
        return [Receipt(phone, answer, f"fake {answer}",
                        message_id=f"fake-{len(self.calls)}-{n}" if answer == Outcome.ACCEPTED else "",
                        opted_out=self.opted_out and answer == Outcome.FAILED)
                for n, phone in enumerate(recipients)]


class TraceableRecordingProvider(RecordingProvider):
    """A recording provider that keeps our reference with each message and answers `lookup`, as
    the Android gateway does (GET /messages/{id}). `taken` holds the references it took."""

    name = "fake-traceable"

    def __init__(self, *script, opted_out: bool = False):
        super().__init__(*script, opted_out=opted_out)
        self.taken: dict[str, list[Receipt]] = {}
        self.lookups: list[str] = []

    def send(self, recipients: list[str], text: str, ref: str = "") -> list[Receipt]:
        receipts = super().send(recipients, text)
        if ref:
            self.taken[ref] = receipts
        return receipts

    def lookup(self, ref: str) -> list[Receipt] | None:
        self.lookups.append(ref)
        return self.taken.get(ref)
