"""Parse the provider's SMS callbacks (incoming message, delivery report)."""

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import BadPayloadError
from ..web.fields import id_field, phone_field

TEXT_LIMIT = 1600  # ten segments; anything longer is cut, never refused (the provider would resend)
DELIVERY_STATUSES = ("Sent", "Submitted", "Buffered", "AbsentSubscriber", "Expired", "Success",
                     "Failed", "Rejected")


@dataclass(frozen=True)
class IncomingSms:
    provider_id: str
    phone: str
    short_code: str
    text: str
    link_id: str


@dataclass(frozen=True)
class DeliveryReport:
    provider_message_id: str
    status: str
    failure_reason: str


def parse_incoming_sms(form: Mapping[str, str]) -> IncomingSms:
    """Read an incoming SMS; `from` and `id` are required, `text` may be empty."""
    phone = phone_field(form, "from")
    return IncomingSms(provider_id=id_field(form, "id"), phone=phone, short_code=form.get("to", "")[:20],
                       text=form.get("text", "")[:TEXT_LIMIT], link_id=form.get("linkId", "")[:100])


def parse_delivery_report(form: Mapping[str, str]) -> DeliveryReport:
    """Read a delivery report; `id` and a known `status` are required."""
    status = form.get("status", "")
    if status not in DELIVERY_STATUSES:
        raise BadPayloadError(f"status must be one of {', '.join(DELIVERY_STATUSES)}")
    return DeliveryReport(provider_message_id=id_field(form, "id"), status=status,
                          failure_reason=form.get("failureReason", "")[:60])
