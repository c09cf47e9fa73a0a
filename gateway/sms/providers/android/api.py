"""Send through the phone's REST API with the app's official client, say what each answer means, and
ask the phone later what became of a message (so a send a dead worker left is settled, not repeated).

Each recipient's message goes as its own app message under our send key ("sapa-12-6650f1a2") as the
message id, so delivery webhooks name one message of ours, and a resend is recognised: the phone's
local server answers 202 again for an id it already holds without texting twice, and the cloud
server answers 409 "Message with the same ID already exists". Both mean: the phone has it.
"""

import logging
import re
from collections.abc import Sequence

import requests
from android_sms_gateway import (
    APIClient,
    Message,
    MessageState,
    ProcessState,
    TextMessage,
    Webhook,
    WebhookEvent,
)
from android_sms_gateway.errors import APIError
from android_sms_gateway.http import RequestsHttpClient

from ....errors import ProviderSetupError, TransientSendError
from ....providers import Outcome, Receipt

log = logging.getLogger(__name__)
CONNECT_SECONDS = 5
ALREADY_TAKEN = 409  # cloud server: a message with this id exists
SETTINGS_REFUSED = {401: "check ANDROID_GATEWAY_USERNAME and ANDROID_GATEWAY_PASSWORD",
                    403: "check ANDROID_GATEWAY_USERNAME and ANDROID_GATEWAY_PASSWORD",
                    404: "check ANDROID_GATEWAY_URL (the API root, e.g. http://<phone-ip>:8080)"}
NOT_SENT = {ProcessState.Failed, ProcessState.Cancelled, ProcessState.Cancelling}
WEBHOOKS = (WebhookEvent.SMS_RECEIVED, WebhookEvent.SMS_SENT, WebhookEvent.SMS_DELIVERED,
            WebhookEvent.SMS_FAILED)
NUMBER = re.compile(r"\+?\d[\d\s-]{5,}\d")  # the phone's error text may quote the number: never log it


class TimedSession(requests.Session):
    """A requests session that never waits forever: the client library sets no timeout of its own."""

    def __init__(self, timeout: int):
        super().__init__()
        self.timeout = (CONNECT_SECONDS, timeout)

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, **kwargs)


class AndroidGatewayProvider:
    """Sends one app message per recipient, named by its send key; one receipt each."""

    name = "android"

    def __init__(self, url: str, username: str, password: str, timeout: int = 15):
        self.client = APIClient(username, password, base_url=url,
                                http=RequestsHttpClient(TimedSession(timeout)))

    def send(self, recipients: list[str], text: str, keys: Sequence[str] = ()) -> list[Receipt]:
        """Send to each recipient in turn; raise TransientSendError when the phone cannot take one now.

        Raising for the whole call is safe even after some were taken: the retry sends the same keys,
        which the phone recognises.
        """
        receipts = []
        for index, phone in enumerate(recipients):
            receipt = self._send_one(phone, text, keys[index] if index < len(keys) else None)
            receipts.append(receipt)
            if receipt.outcome == Outcome.STOP_ALL:  # the rest would be refused the same way
                receipts += [Receipt(p, Outcome.STOP_ALL, receipt.detail) for p in recipients[len(receipts):]]
                break
        return receipts

    def lookup(self, key: str) -> list[Receipt] | None:
        """What the phone did with the message sent under `key` (GET /messages/{key}): one receipt per
        recipient, or None when it never got it; TransientSendError when it cannot say now."""
        try:
            state = self.client.get_state(key)
        except APIError as exc:
            if exc.status_code == 404:
                return None
            raise TransientSendError(f"the phone gateway answered {exc.status_code} {their_words(exc)}"
                                     .strip()) from exc
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            raise TransientSendError(f"the phone gateway cannot say now: {type(exc).__name__}") from exc
        return [_receipt(r.phone_number, key, state) for r in state.recipients] or None

    def register_webhooks(self, url: str) -> list[str]:
        """Ask the phone to post the four events Sapa uses to `url`; our fixed ids replace earlier ones."""
        try:
            return [self.client.create_webhook(Webhook(id=f"sapa-{event.value.split(':')[1]}", url=url,
                                                       event=event)).event.value for event in WEBHOOKS]
        except APIError as exc:
            said = f"{exc.status_code} {their_words(exc)}".strip()
            raise ProviderSetupError(f"the phone gateway answered {said}") from exc
        except requests.RequestException as exc:
            raise ProviderSetupError(f"the phone gateway is unreachable: {type(exc).__name__}") from exc

    def _send_one(self, phone: str, text: str, key: str | None) -> Receipt:
        message = Message(phone_numbers=[phone], text_message=TextMessage(text), with_delivery_report=True,
                          id=key)
        try:
            state = self.client.send(message)
        except requests.Timeout as exc:
            raise TransientSendError("the phone did not answer in time") from exc
        except requests.ConnectionError as exc:
            raise TransientSendError("the phone gateway is unreachable (phone off, or off the network?)") \
                from exc
        except APIError as exc:
            return self._refused(phone, key, exc)
        except requests.JSONDecodeError:  # a RequestException, but the phone did answer 2xx
            return _unreadable(phone, key)
        except requests.RequestException as exc:  # a cut answer, say: if the phone took it, it knows the id
            raise TransientSendError(f"the phone gateway's answer broke off: {type(exc).__name__}") from exc
        except (ValueError, KeyError, TypeError):  # JSON, but not the shape of a message state
            return _unreadable(phone, key)
        return _receipt(phone, key, state)

    @staticmethod
    def _refused(phone: str, key: str | None, exc: APIError) -> Receipt:
        status = exc.status_code or 0
        said = their_words(exc)
        if status == ALREADY_TAKEN and key:
            return Receipt(phone, Outcome.ACCEPTED, "409 AlreadyTaken", key)
        if status == 429 or status >= 500:
            raise TransientSendError(f"the phone gateway answered {status} {said}".strip()) from exc
        if status in SETTINGS_REFUSED:
            return Receipt(phone, Outcome.STOP_ALL, f"{status} {said}: {SETTINGS_REFUSED[status]}"[:200])
        return Receipt(phone, Outcome.FAILED, f"{status} {said}".strip()[:200])


def _receipt(phone: str, key: str | None, state: MessageState) -> Receipt:
    """Our words for the 202 answer: the message's state, or this recipient's when it is listed."""
    mine = next((r for r in state.recipients if r.phone_number == phone), None)
    if mine is None and len(state.recipients) == 1:  # the cloud may hash the numbers it lists
        mine = state.recipients[0]
    process, error = (mine.state, mine.error) if mine else (state.state, None)
    if process in NOT_SENT:
        return Receipt(phone, Outcome.FAILED, f"{process.value}: {masked(error or 'no reason given')}"[:200])
    return Receipt(phone, Outcome.ACCEPTED, f"202 {process.value}", state.id or key or "")


def _unreadable(phone: str, key: str | None) -> Receipt:
    """A 2xx we cannot read: the phone took the message, so it is sent, under the id we gave (a resend
    would only be recognised by it). Its body holds the number: it is not logged."""
    log.warning("unreadable 2xx answer from the phone gateway for message %s", key)
    return Receipt(phone, Outcome.ACCEPTED, "202 AcceptedUnreadable", key or "")


def their_words(exc: APIError) -> str:
    """What the phone said when it refused, from its JSON error body."""
    body = exc.response if isinstance(exc.response, dict) else {}
    return masked(str(body.get("message") or body.get("error") or "")[:120])


def masked(words: str) -> str:
    """The phone's own words with any phone number in them hidden (they go to the log and the console)."""
    return NUMBER.sub("<number>", words)
