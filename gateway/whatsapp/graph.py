"""Send WhatsApp messages through Meta's Graph API (Cloud API) with plain requests.

Why not pywa (well kept, Flask-ready): Sapa needs three message shapes and one error format, and
must own the webhook (refuse before parsing, record each message id once in SQL, queue the answer).
pywa's Flask integration registers its own routes, keeps its de-duplication in process memory, runs
handlers inside the request, and its client hard-codes https://graph.facebook.com, so a local
stand-in could only be reached through a private attribute; it would also add httpx and about
37,000 lines. `requests` is already pinned (the SMS SDK uses it) and speaks plain HTTP to any base URL.
"""

import logging

import requests

from ..providers import Outcome, Receipt
from .config import WhatsAppConfig

TIMEOUT = (3.05, 10)  # connect, read: a send job must not hang a worker
# Meta's codes worth another try later: throttling, passing outages, "unknown" errors.
TRANSIENT = {1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133016}
log = logging.getLogger(__name__)


class GraphApi:
    """One WhatsApp Business phone number's sender; one receipt per message."""

    name = "whatsapp"

    def __init__(self, config: WhatsAppConfig):
        self.url = config.messages_url
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {config.token}"})

    def send(self, phone: str, message: dict) -> Receipt:
        """POST one message; Meta wants the number as digits without "+"."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": phone.lstrip("+"),
                **message}
        try:
            response = self.session.post(self.url, json=body, timeout=TIMEOUT)
        except requests.RequestException as exc:
            return Receipt(phone, Outcome.RETRY, f"unreachable: {type(exc).__name__}")
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.ok:
            wamid = _message_id(data)
            return Receipt(phone, Outcome.ACCEPTED, "accepted" if wamid else "answer unreadable", wamid)
        error = data.get("error") if isinstance(data, dict) else None
        code = error.get("code") if isinstance(error, dict) else None
        detail = f"{code} {_words(error)}" if code is not None else f"HTTP {response.status_code}"
        if response.status_code >= 500 or response.status_code == 429 or code in TRANSIENT:
            return Receipt(phone, Outcome.RETRY, detail[:200])
        if code in (0, 3, 10, 190) or (isinstance(code, int) and 200 <= code < 300):
            log.error("Meta refused WhatsApp credentials or permissions (%s): check WHATSAPP_TOKEN", code)
        return Receipt(phone, Outcome.FAILED, detail[:200])


def build(config: WhatsAppConfig) -> GraphApi:
    return GraphApi(config)


def _message_id(data: object) -> str:
    try:
        return str(data["messages"][0]["id"])[:160]
    except (KeyError, IndexError, TypeError):
        return ""


def _words(error: dict) -> str:
    """Meta's own words: the title (or message) and the details, which name the broken limit."""
    data = error.get("error_data")
    details = data.get("details", "") if isinstance(data, dict) else ""
    words = str(error.get("title") or error.get("message") or "")
    return f"{words}: {details}" if details else words
