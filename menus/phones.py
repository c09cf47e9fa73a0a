"""Read phone numbers the way people and providers write them, and keep them one way: E.164.

Parsing is phonenumbers' (Google's libphonenumber): it knows each country's lengths and prefixes
and reads any script's digits (full-width ０８１２, Arabic-Indic), so it does this better than a
regex of ours. A number without a country is read as Indonesian.
"""

import re
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "ID"
# What may stand in a written number besides digits of any script. Letters are refused first:
# phonenumbers would read them as keypad digits ("abc" as 222).
SEPARATORS = re.compile(r"[\s\-().+/]")


# Every hop of a session carries the same number: parsing it (7% of a hop's CPU) once per number
# is enough. The function is pure, so a cache of recent numbers cannot answer wrongly.
@lru_cache(maxsize=8192)
def parse_phone(raw: str) -> str | None:
    """Return the number as E.164 (+6281234567890), or None when it is not a possible number."""
    if not raw or len(raw) > 40 or any(not ch.isdigit() for ch in SEPARATORS.sub("", raw)):
        return None
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_possible_number(number) or not 8 <= len(e164) - 1 <= 15:
        return None  # E.164 has 15 digits at most; fewer than 8 is a short code, not a phone
    return e164
