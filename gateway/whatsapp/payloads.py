"""Read a signed webhook body into typed messages and status reports; raise BadPayloadError for a
body that is not the shape Meta documents. Only what we answer is kept: for a message its id,
phone, time and text (or the id of the tapped row or button); for a status its id, word and error."""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from menus.phones import parse_phone

from ..errors import BadPayloadError
from ..web.fields import printable

TEXT_MAX = 4096
ID = re.compile(r"^[\w.:=+/-]{1,160}$")
STATUSES = ("sent", "delivered", "read", "failed")
SILENT = {"reaction", "system", "ephemeral", "request_welcome"}  # nothing to answer


@dataclass(frozen=True)
class IncomingChat:
    """A message a resident sent: "text" (typed), "tap" (a list row or reply button) or "unsupported"."""

    wamid: str
    phone: str
    kind: str
    sent_at: datetime | None
    text: str = field(default="", repr=False)
    tapped: str = ""


@dataclass(frozen=True)
class ChatReport:
    """What Meta says about a message we sent: sent, delivered, read or failed (with its errors)."""

    wamid: str
    status: str
    errors: str = ""


@dataclass(frozen=True)
class Events:
    messages: tuple[IncomingChat, ...] = ()
    reports: tuple[ChatReport, ...] = ()


def parse_events(body: bytes, phone_number_id: str) -> Events:
    """Read the messages and statuses addressed to our phone number id; ignore other fields."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadPayloadError("the body is not JSON") from None
    entries = _list(data if isinstance(data, dict) else None, "entry")
    messages, reports = [], []
    for entry in entries:
        for change in _list(entry, "changes"):
            if not isinstance(change, dict) or change.get("field") != "messages":
                continue
            value = change.get("value")
            if not isinstance(value, dict):
                raise BadPayloadError("changes[].value must be an object")
            metadata = value.get("metadata")
            if isinstance(metadata, dict) and str(metadata.get("phone_number_id", "")) != phone_number_id:
                continue  # another number of the same business account
            messages += [m for m in (_message(raw) for raw in _list(value, "messages")) if m]
            reports += [_report(raw) for raw in _list(value, "statuses")]
    return Events(tuple(messages), tuple(reports))


def _message(raw: object) -> IncomingChat | None:
    if not isinstance(raw, dict):
        raise BadPayloadError("messages[] must hold objects")
    wamid, kind = _id(raw, "id"), raw.get("type")
    wa_id = str(raw.get("from", ""))
    phone = parse_phone(f"+{wa_id}") if wa_id.isascii() and wa_id.isdigit() else None
    if phone is None:
        raise BadPayloadError("messages[].from must be a phone number in digits")
    sent_at = _time(raw.get("timestamp"))
    if kind in SILENT:
        return None
    if kind == "text":
        body = raw.get("text", {}).get("body") if isinstance(raw.get("text"), dict) else None
        if not isinstance(body, str):
            raise BadPayloadError("messages[].text.body is missing")
        return IncomingChat(wamid, phone, "text", sent_at, text=printable(body)[:TEXT_MAX])
    if kind == "interactive":
        interactive = raw.get("interactive") if isinstance(raw.get("interactive"), dict) else {}
        reply = interactive.get("list_reply") or interactive.get("button_reply")
        if not isinstance(reply, dict) or not isinstance(reply.get("id"), str):
            raise BadPayloadError("messages[].interactive needs list_reply or button_reply with an id")
        return IncomingChat(wamid, phone, "tap", sent_at, tapped=reply["id"][:200])
    if kind == "button":  # a quick-reply button on a template: its text is what the resident means
        button = raw.get("button") if isinstance(raw.get("button"), dict) else {}
        text = printable(str(button.get("text", "")))[:TEXT_MAX]
        return IncomingChat(wamid, phone, "text", sent_at, text=text)
    return IncomingChat(wamid, phone, "unsupported", sent_at)


def _report(raw: object) -> ChatReport:
    if not isinstance(raw, dict) or raw.get("status") not in STATUSES:
        raise BadPayloadError(f"statuses[].status must be one of {', '.join(STATUSES)}")
    errors = raw.get("errors") if isinstance(raw.get("errors"), list) else []
    words = "; ".join(f"{e.get('code', '?')} {e.get('title') or e.get('message') or ''}".strip()
                      for e in errors if isinstance(e, dict))
    return ChatReport(_id(raw, "id"), raw["status"], words[:200])


def _list(container: object, key: str) -> list:
    value = container.get(key, []) if isinstance(container, dict) else None
    if not isinstance(value, list):
        raise BadPayloadError(f"{key} must be a list")
    return value


def _id(raw: dict, key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not ID.match(value):
        raise BadPayloadError(f"{key} must be a message id of at most 160 characters")
    return value


def _time(raw: object) -> datetime | None:
    if isinstance(raw, str) and re.fullmatch(r"\d{1,12}", raw):
        return datetime.fromtimestamp(int(raw), UTC)
    return None
