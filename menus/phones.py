"""Write phone numbers the one way Sapa stores them: E.164 (+628123...)."""

import re

PHONE = re.compile(r"^\+[0-9]{8,15}$")


def normalise_phone(raw: str) -> str:
    """Write an Indonesian number as E.164: 08123..., 628123... and "+62 812-3..." become +628123...
    Spaces and dashes go; other countries' +numbers are kept as they are."""
    value = re.sub(r"[\s-]", "", raw)
    if value.startswith("08"):
        return "+62" + value[1:]
    if value.startswith("62"):
        return "+" + value
    return value
