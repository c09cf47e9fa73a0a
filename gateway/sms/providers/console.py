"""The development provider: prints what would be sent, with phone numbers masked."""

import uuid
from collections.abc import Sequence

from menus import sms_cost
from menus.privacy import mask_phone

from ...providers import Outcome, Receipt
from ...settings import Env


def read_config(env: Env) -> None:
    if env.production:
        env.problem("SMS_PROVIDER=console only prints messages: choose a real provider in production")


def build(config: None, client=None) -> "ConsoleProvider":
    return ConsoleProvider()


class ConsoleProvider:
    """Prints each message to the worker's console and accepts it."""

    name = "console"

    def __init__(self, write=print):
        self.write = write

    def send(self, recipients: list[str], text: str, keys: Sequence[str] = ()) -> list[Receipt]:
        cost = sms_cost(text)
        masked = ", ".join(mask_phone(p) for p in recipients)
        self.write(f"SMS to {masked} ({cost.encoding}, {cost.segments} segment(s)):\n{text}\n", flush=True)
        return [Receipt(p, Outcome.ACCEPTED, "101 Success", f"console-{uuid.uuid4().hex[:12]}", "IDR 0")
                for p in recipients]
