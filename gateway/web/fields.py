"""Read fields of a hostile form or payload; raise BadPayloadError naming the field and the fault."""

import re
from collections.abc import Mapping

from menus.phones import parse_phone

from ..errors import BadPayloadError


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
    value = form.get(field, "").strip()
    if len(value) > limit and not cut:
        raise BadPayloadError(f"{field} is longer than {limit} characters")
    return value[:limit]


def id_field(form: Mapping[str, str], field: str, limit: int = 100) -> str:
    """A required identifier (a provider's message id, say)."""
    value = form.get(field, "").strip()
    if not value:
        raise BadPayloadError(f"{field} is missing")
    if len(value) > limit:
        raise BadPayloadError(f"{field} is longer than {limit} characters")
    return value


def count_field(form: Mapping[str, str], field: str) -> int | None:
    """An optional whole number."""
    value = form.get(field, "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d+", value) or len(value) > 12:  # not isdigit(): it takes "²", int() does not
        raise BadPayloadError(f"{field} must be a whole number")
    return int(value)
