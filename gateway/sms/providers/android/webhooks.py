"""The phone's webhooks: check the signature over the raw body, then read the event in our words.

Envelope: {"deviceId", "event", "id", "payload", "webhookId"}. The app signs each attempt anew:
X-Signature is hex HMAC-SHA256(signing key, raw body bytes + X-Timestamp), X-Timestamp Unix seconds.
The client library has payload types but no signature check, and its SmsReceivedPayload needs both
`sender` and `phoneNumber` (older apps send only the latter), so both are done here.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from menus.phones import parse_phone

from ....errors import BadPayloadError, BadSignatureError
from ....providers import Delivery, DeliveryReport, IncomingSms
from ....web.fields import id_field
from .api import masked

MAX_SKEW_SECONDS = 300  # a captured request replays for at most five minutes; ids make a replay harmless
TEXT_LIMIT = 1600  # ten segments; anything longer is cut, never refused (the phone would post it again)
OUR_IDS = "sapa-"  # OutboundSms.send_key: reports for messages the office texted by hand are not ours
REPORTS = {"sms:sent": (Delivery.PENDING, "Sent"), "sms:delivered": (Delivery.DELIVERED, "Delivered"),
           "sms:failed": (Delivery.FAILED, "Failed")}
RECEIVED, RECEIVED_BATCH = "sms:received", "sms:batch:received"


@dataclass(frozen=True)
class PhoneEvent:
    """What one webhook asks of us: SMS to take in, a delivery report to apply, or nothing (and why)."""

    name: str
    incoming: tuple[IncomingSms, ...] = ()
    report: DeliveryReport | None = None
    ignored: str = ""


def verify_signature(key: str, body: bytes, timestamp: str, signature: str, now: float) -> None:
    """Raise BadSignatureError unless `signature` is the key's HMAC of body + timestamp, made within
    five minutes of `now` (either way)."""
    if not key:
        raise BadSignatureError("ANDROID_GATEWAY_SIGNING_KEY is not set, so no webhook can be verified")
    if not re.fullmatch(r"\d{1,12}", timestamp):
        raise BadSignatureError("X-Timestamp is missing or not Unix seconds")
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        raise BadSignatureError("X-Timestamp is more than five minutes off: stale or replayed")
    expected = hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode("ascii", "replace")):
        raise BadSignatureError("X-Signature does not match the body (wrong signing key?)")


def parse_event(body: bytes) -> PhoneEvent:
    """Read a verified webhook body; raise BadPayloadError naming what is missing or malformed."""
    try:
        envelope = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadPayloadError("the body is not JSON") from exc
    if not isinstance(envelope, dict):
        raise BadPayloadError("the body must be a JSON object")
    event, payload = envelope.get("event"), envelope.get("payload")
    if not isinstance(event, str) or not event:
        raise BadPayloadError("event is missing")
    if not isinstance(payload, dict):
        raise BadPayloadError("payload must be an object")
    for name in ("id", "deviceId", "webhookId"):  # the app always writes these as strings
        if name in envelope and not isinstance(envelope[name], str):
            raise BadPayloadError(f"{name} must be a string")
    envelope_id = envelope.get("id", "").replace("\x00", "")
    if event == RECEIVED:
        sms = _incoming(_texts(payload), envelope_id)
        return PhoneEvent(event, incoming=(sms,) if sms else (), ignored="" if sms else "not from a phone")
    if event == RECEIVED_BATCH:
        listed = payload.get("messages")
        if not isinstance(listed, list) or not all(isinstance(m, dict) for m in listed):
            raise BadPayloadError("payload.messages must be a list of objects")
        found = tuple(sms for m in listed if (sms := _incoming(_texts(m), "")))
        return PhoneEvent(event, incoming=found)
    if event in REPORTS:
        return _report(event, _texts(payload))
    return PhoneEvent(event, ignored="an event Sapa does not use")


def _incoming(payload: Mapping[str, str], envelope_id: str) -> IncomingSms | None:
    """An incoming SMS, or None when its sender is not a phone (an operator's notice from "TELKOMSEL")."""
    sender = payload.get("sender") or payload.get("phoneNumber") or ""
    if not sender.strip():
        raise BadPayloadError("payload.sender is missing")
    if "message" not in payload:
        raise BadPayloadError("payload.message is missing")
    phone = parse_phone(sender)
    if phone is None:
        return None
    # The app's messageId is a 32-bit hash of the message, the same on every retry; with the time it
    # was received it cannot collide with a later message of the same hash.
    message_id = payload.get("messageId") or envelope_id
    if not message_id:
        raise BadPayloadError("payload.messageId is missing")
    provider_id = f"android:{message_id}:{payload.get('receivedAt', '')[:40]}"
    return IncomingSms(provider_id=id_field({"id": provider_id}, "id"), phone=phone,
                       short_code=payload.get("recipient", "")[:20], text=payload["message"][:TEXT_LIMIT])


def _report(event: str, payload: Mapping[str, str]) -> PhoneEvent:
    message_id = id_field({"payload.messageId": payload.get("messageId", "")}, "payload.messageId")
    if not message_id.startswith(OUR_IDS):
        return PhoneEvent(event, ignored="not a message Sapa sent")
    state, status = REPORTS[event]
    return PhoneEvent(event, report=DeliveryReport(message_id, state, status,
                                                   failure_reason=masked(payload.get("reason", ""))[:60]))


def _texts(payload: Mapping[str, object]) -> dict[str, str]:
    """The payload's text fields; a field of another type reads as missing. NUL characters go: no phone
    sends one (GSM's 0x00 is "@"), and PostgreSQL cannot store one, which would fail the webhook for ever."""
    return {name: value.replace("\x00", "") for name, value in payload.items() if isinstance(value, str)}
