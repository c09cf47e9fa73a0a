"""Parse provider callbacks into typed values; raise BadPayloadError with a clear message."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import BadPayloadError

PHONE = re.compile(r"^\+[0-9]{8,15}$")
SESSION_ID = re.compile(r"^[\w.:-]{1,100}$")
END_STATUSES = ("Success", "Incomplete", "Failed")


@dataclass(frozen=True)
class UssdHop:
    """One USSD callback: who dialled, in which session, and everything typed so far."""

    session_id: str
    phone: str
    service_code: str
    text: str


@dataclass(frozen=True)
class UssdSessionEnd:
    """The provider's notification that a USSD session ended, without the resident's inputs."""

    session_id: str
    phone: str
    service_code: str
    network_code: str
    status: str
    cost: str
    duration_ms: int | None
    hops_count: int | None
    error_message: str
    date: str


def parse_ussd_hop(form: Mapping[str, str]) -> UssdHop:
    """Read a USSD callback's fields."""
    return UssdHop(
        session_id=_session_id(form), phone=phone_field(form, "phoneNumber"),
        service_code=_short(form, "serviceCode", 40), text=form.get("text", ""),
    )


def parse_session_end(form: Mapping[str, str]) -> UssdSessionEnd:
    """Read a session-end notification's fields; `input` and `lastAppResponse` are dropped."""
    status = form.get("status", "")
    if status not in END_STATUSES:
        raise BadPayloadError(f"status must be one of {', '.join(END_STATUSES)}")
    return UssdSessionEnd(
        session_id=_session_id(form), phone=phone_field(form, "phoneNumber"),
        service_code=_short(form, "serviceCode", 40), network_code=_short(form, "networkCode", 20),
        status=status, cost=_short(form, "cost", 40),
        duration_ms=_count(form, "durationInMillis"), hops_count=_count(form, "hopsCount"),
        error_message=_short(form, "errorMessage", 200, cut=True), date=_short(form, "date", 40),
    )


def _session_id(form: Mapping[str, str]) -> str:
    value = form.get("sessionId", "")
    if not value:
        raise BadPayloadError("sessionId is missing")
    if not SESSION_ID.match(value):
        raise BadPayloadError("sessionId must be 1-100 letters, digits or . : _ -")
    return value


def normalise_phone(raw: str) -> str:
    """Write an Indonesian number as E.164: 08123..., 628123... and "+62 812-3..." become +628123...
    Spaces and dashes go; other countries' +numbers are kept as they are."""
    value = re.sub(r"[\s-]", "", raw)
    if value.startswith("08"):
        return "+62" + value[1:]
    if value.startswith("62"):
        return "+" + value
    return value


def phone_field(form: Mapping[str, str], field: str) -> str:
    """Read a phone number field as E.164; raise BadPayloadError when it is missing or not a number."""
    value = normalise_phone(form.get(field, ""))
    if not value:
        raise BadPayloadError(f"{field} is missing")
    if not PHONE.match(value):
        raise BadPayloadError(f"{field} must be a phone number like +628123456789 or 08123456789")
    return value


def _short(form: Mapping[str, str], field: str, limit: int, cut: bool = False) -> str:
    value = form.get(field, "").strip()
    if len(value) > limit and not cut:
        raise BadPayloadError(f"{field} is longer than {limit} characters")
    return value[:limit]


def _count(form: Mapping[str, str], field: str) -> int | None:
    value = form.get(field, "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d+", value) or len(value) > 12:  # not isdigit(): it takes "²", int() does not
        raise BadPayloadError(f"{field} must be a whole number")
    return int(value)
