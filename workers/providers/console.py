"""The development provider: prints what would be sent, with phone numbers masked."""

import uuid

from menus import sms_cost
from menus.privacy import mask_phone

from .base import Receipt


class ConsoleProvider:
    """Prints each message to the worker's console and accepts it."""

    def __init__(self, write=print):
        self.write = write

    def send(self, recipients: list[str], text: str) -> list[Receipt]:
        cost = sms_cost(text)
        masked = ", ".join(mask_phone(p) for p in recipients)
        self.write(f"SMS to {masked} ({cost.encoding}, {cost.segments} segment(s)):\n{text}\n", flush=True)
        return [Receipt(p, 101, "Success", f"console-{uuid.uuid4().hex[:12]}", "IDR 0") for p in recipients]
