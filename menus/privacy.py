"""Mask personal data for screens, logs and staff lists."""


def mask_phone(phone: str) -> str:
    """Return +62812****6789: enough to tell numbers apart, not enough to dial."""
    if len(phone) < 8:
        return "*" * len(phone)
    return f"{phone[:5]}{'*' * (len(phone) - 9)}{phone[-4:]}"
