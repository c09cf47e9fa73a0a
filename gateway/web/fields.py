"""Read fields of a hostile form or payload; raise BadPayloadError naming the field and the fault."""

import re
from collections.abc import Mapping

from menus.phones import parse_phone

from ..errors import BadPayloadError


def printable(value: str) -> str:
    """Drop NUL characters: PostgreSQL refuses them in text, and no resident types one."""
    return value.replace("\x00", "")


def text_field(form: Mapping[str, str], field: str, limit: int) -> str:
    """Free text (an SMS body, a short code), cut at `limit`: the provider would only post it again."""
    return printable(form.get(field, ""))[:limit]


def phone_field(form: Mapping[str, str], field: str) -> str:
    """Read a phone number field as E.164; raise BadPayloadError when it is missing or not a number."""
    raw = form.get(field, "")
    if not raw.strip():
        raise BadPayloadError(f"{field} is missing")
    value = parse_phone(raw)
    if value is None:
        raise BadPayloadError(f"{field} must be a phone number like +628123456789 or 08123456789")
    return value


def short_field(form: Mapping[str, str], field: str, limit: int, cut: bool = False) -> str:
    """An optional text field of at most `limit` characters; longer ones are refused, or cut."""
    raw = form.get(field, "")
    if len(raw) > limit and not cut:
        raise BadPayloadError(f"{field} is longer than {limit} characters")
    return printable(raw).strip()[:limit]


def id_field(form: Mapping[str, str], field: str, limit: int = 100) -> str:
    """A required identifier (a provider's message id, say)."""
    value = form.get(field, "").strip()
    if not value:
        raise BadPayloadError(f"{field} is missing")
    if len(value) > limit:
        raise BadPayloadError(f"{field} is longer than {limit} characters")
    if "\x00" in value:
        raise BadPayloadError(f"{field} holds a NUL character")
    return value


def count_field(form: Mapping[str, str], field: str) -> int | None:
    """An optional whole number."""
    value = form.get(field, "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{1,9}", value):  # not isdigit(): it takes "²"; 9 digits fit an SQL integer
        raise BadPayloadError(f"{field} must be a whole number of at most 9 digits")
    return int(value)
