"""Parse the provider's USSD callbacks into typed values; raise BadPayloadError with a clear message."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import BadPayloadError
from ..web.fields import count_field, phone_field, short_field

SESSION_ID = re.compile(r"^[\w.:-]{1,100}$")
END_STATUSES = ("Success", "Incomplete", "Failed")
TEXT_LIMIT = 1000


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
    """Read a USSD callback's fields; the network code is checked, not kept."""
    short_field(form, "networkCode", 20)
    text = form.get("text", "")
    if len(text) > TEXT_LIMIT:  # some hundred key presses: no resident's session, a hostile post
        raise BadPayloadError(f"text is longer than {TEXT_LIMIT} characters")
    return UssdHop(session_id=_session_id(form), phone=phone_field(form, "phoneNumber"),
                   service_code=short_field(form, "serviceCode", 40), text=text)


def parse_session_end(form: Mapping[str, str]) -> UssdSessionEnd:
    """Read a session-end notification's fields; `input` and `lastAppResponse` are dropped."""
    status = form.get("status", "")
    if status not in END_STATUSES:
        raise BadPayloadError(f"status must be one of {', '.join(END_STATUSES)}")
    return UssdSessionEnd(
        session_id=_session_id(form), phone=phone_field(form, "phoneNumber"),
        service_code=short_field(form, "serviceCode", 40), network_code=short_field(form, "networkCode", 20),
        status=status, cost=short_field(form, "cost", 40),
        duration_ms=count_field(form, "durationInMillis"), hops_count=count_field(form, "hopsCount"),
        error_message=short_field(form, "errorMessage", 200, cut=True), date=short_field(form, "date", 40),
    )


def _session_id(form: Mapping[str, str]) -> str:
    value = form.get("sessionId", "")
    if not value:
        raise BadPayloadError("sessionId is missing")
    if not SESSION_ID.match(value):
        raise BadPayloadError("sessionId must be 1-100 letters, digits or . : _ -")
    return value
