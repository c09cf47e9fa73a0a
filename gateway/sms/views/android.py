"""The office phone's webhooks (SMS Gateway for Android): POST /sms/android?token=..., signed by the phone."""

import logging
import time

from flask import Blueprint, abort, request
from sqlalchemy.exc import SQLAlchemyError

from ...errors import BadSignatureError
from ...services import Services, current_services
from ...web.callbacks import require_callback_token
from ..delivery import record_report
from ..providers import android
from ..receiving import accept_incoming

bp = Blueprint("sms_android", __name__)
log = logging.getLogger(__name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/sms/android")
@require_callback_token
def phone_event():
    """Check the signature over the raw body before reading it, then take in what the phone says, once.

    The phone posts again until it gets a 2xx: answer 2xx only once the work is recorded.
    """
    services = current_services()
    section = services.settings.section("sms")
    if section.provider != "android":
        abort(404, "SMS_PROVIDER is not android: this server takes no webhooks from a phone")
    body = request.get_data(cache=False)
    try:
        android.verify_signature(section.config.signing_key, body, request.headers.get("X-Timestamp", ""),
                                 request.headers.get("X-Signature", ""), now=time.time())
    except BadSignatureError as exc:
        log.warning("refused a webhook from the phone: %s", exc)
        abort(403, str(exc))
    event = android.parse_event(body)
    try:
        answer = _take_in(services, event)
    except SQLAlchemyError as exc:  # its message may quote the row (a phone, a text): name it only
        log.error("could not record the phone's %s webhook: %s", event.name, type(exc).__name__)
        return "database unavailable, please retry\n", 503, PLAIN
    return f"{answer}\n", 200, PLAIN


def _take_in(services: Services, event: android.PhoneEvent) -> str:
    """Record the event's SMS (once per id) and queue their answers, or apply its report; say what."""
    if event.report:
        return record_report(services.database, event.report)
    if event.incoming:
        return ", ".join(accept_incoming(services, sms) for sms in event.incoming)
    log.debug("ignored the phone's %s webhook: %s", event.name, event.ignored or "nothing in it")
    return f"ignored: {event.ignored or 'nothing in it'}"
