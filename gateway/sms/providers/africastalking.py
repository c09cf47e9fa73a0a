"""Africa's Talking: sending through its official SDK (pointed at AT_API_BASE_URL), and its
form-encoded callbacks (incoming SMS, delivery reports). Its status codes become our words here.
"""

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import requests
from africastalking.Service import AfricasTalkingException
from africastalking.SMS import SMSService

from ...errors import BadPayloadError, TransientSendError
from ...providers import Delivery, DeliveryReport, IncomingSms, Outcome, Receipt
from ...settings import Env
from ...web.fields import id_field, phone_field, text_field

log = logging.getLogger(__name__)
ACCEPTED = frozenset({100, 101, 102})
TRANSIENT = frozenset({500, 501, 502})
INSUFFICIENT_BALANCE = 405
OPTED_OUT = 406
TEXT_LIMIT = 1600  # ten segments; anything longer is cut, never refused (the provider would resend)
DELIVERY = {"Success": Delivery.DELIVERED, "Failed": Delivery.FAILED, "Rejected": Delivery.FAILED,
            "Expired": Delivery.FAILED, "Sent": Delivery.PENDING, "Submitted": Delivery.PENDING,
            "Buffered": Delivery.PENDING, "AbsentSubscriber": Delivery.PENDING}


@dataclass(frozen=True)
class Config:
    username: str
    api_key: str
    sender_id: str
    base_url: str


def read_config(env: Env) -> Config:
    why = "when SMS_PROVIDER=africastalking"
    return Config(username=env.required("AT_USERNAME", why), api_key=env.required("AT_API_KEY", why),
                  sender_id=env.text("AT_SENDER_ID"),
                  base_url=env.http_url("AT_API_BASE_URL", "https://api.africastalking.com"))


def build(config: Config, client=None) -> "AfricasTalkingProvider":
    return AfricasTalkingProvider(config.username, config.api_key, config.sender_id, config.base_url)


def outcome_of(status_code: int) -> Outcome:
    """Our words for a per-recipient status code."""
    if status_code in ACCEPTED:
        return Outcome.ACCEPTED
    if status_code in TRANSIENT:
        return Outcome.RETRY
    if status_code == INSUFFICIENT_BALANCE:
        return Outcome.STOP_ALL
    return Outcome.FAILED


def receipt(phone: str, status_code: int, status: str, message_id: str = "", cost: str = "") -> Receipt:
    detail = f"{status_code} {status}"
    if status_code == INSUFFICIENT_BALANCE:
        detail += ": top up the provider account"  # the pause's reason, as staff read it
    return Receipt(phone, outcome_of(status_code), detail, message_id, cost,
                   opted_out=status_code == OPTED_OUT)


class AfricasTalkingProvider:
    """Sends with `SMSService.send`, and turns every answer into one receipt per recipient."""

    name = "africastalking"

    def __init__(self, username: str, api_key: str, sender_id: str, base_url: str):
        self.service = SMSService(username, api_key)
        # The SDK builds its URLs from _baseUrl at call time: the one seam for a local stand-in.
        self.service._baseUrl = f"{base_url}/version1"
        self.sender_id = sender_id or None

    def send(self, recipients: list[str], text: str, keys: Sequence[str] = ()) -> list[Receipt]:
        """Send in one request; `keys` are not used, as the API takes no client id to dedupe by."""
        try:
            answer = self.service.send(text, recipients, sender_id=self.sender_id)
        except ValueError as exc:  # the SDK checks numbers before sending anything
            return [receipt(p, 403, f"InvalidPhoneNumber: {exc}"[:100]) for p in recipients]
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise TransientSendError(f"provider unreachable: {type(exc).__name__}") from exc
        except AfricasTalkingException as exc:
            # The SDK hides the HTTP status of a non-2xx answer; 5xx and 4xx both land here.
            raise TransientSendError(f"provider refused the request: {str(exc)[:120]}") from exc
        return self._receipts(answer, recipients)

    @staticmethod
    def _receipts(answer: object, recipients: list[str]) -> list[Receipt]:
        if isinstance(answer, str):  # the SDK parses JSON only for content-type application/json
            try:
                answer = json.loads(answer)
            except ValueError:
                answer = None
        try:
            listed = answer["SMSMessageData"]["Recipients"]
            by_phone = {r["number"]: r for r in listed}
        except (TypeError, KeyError):
            # A 2xx we cannot read: the provider took the request, so sending again could
            # charge twice. Record it as accepted without an id; delivery reports will tell.
            log.warning("unreadable 2xx answer from the provider: %.200r", answer)
            return [receipt(p, 100, "AcceptedUnreadable") for p in recipients]
        receipts = []
        for phone in recipients:
            row = by_phone.get(phone)
            if row is None:
                receipts.append(receipt(phone, 500, "NotInProviderAnswer"))
                continue
            code = str(row.get("statusCode", ""))
            # A refused recipient comes back with messageId "None": no id, not an id named None.
            message_id = str(row.get("messageId") or "")
            status_code = int(code) if re.fullmatch(r"\d{1,4}", code) else 500
            receipts.append(receipt(phone, status_code, str(row.get("status", "")),
                                    "" if message_id == "None" else message_id, str(row.get("cost", ""))))
        return receipts


def parse_incoming(form: Mapping[str, str]) -> IncomingSms:
    """Read an incoming SMS; `from` and `id` are required, `text` may be empty."""
    phone = phone_field(form, "from")
    return IncomingSms(provider_id=id_field(form, "id"), phone=phone, short_code=text_field(form, "to", 20),
                       text=text_field(form, "text", TEXT_LIMIT), link_id=text_field(form, "linkId", 100))


def parse_report(form: Mapping[str, str]) -> DeliveryReport:
    """Read a delivery report; `id` and a known `status` are required."""
    status = form.get("status", "")
    if status not in DELIVERY:
        raise BadPayloadError(f"status must be one of {', '.join(DELIVERY)}")
    reason = text_field(form, "failureReason", 60)
    return DeliveryReport(provider_message_id=id_field(form, "id"), state=DELIVERY[status], status=status,
                          failure_reason=reason, opted_out=reason == "UserInBlackList")
