"""Meta's webhook for the office's WhatsApp number: the verification handshake and signed events."""

import hmac
import logging

from flask import Blueprint, abort, request
from sqlalchemy.exc import SQLAlchemyError

from ..errors import REDIS_DOWN
from ..services import current_services
from .payloads import parse_events
from .receiving import accept_events
from .signature import HEADER, signature_valid

bp = Blueprint("whatsapp", __name__)
log = logging.getLogger(__name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}
MAX_EVENTS_BYTES = 1024 * 1024  # Meta batches status reports; a USSD-sized limit would refuse them


@bp.get("/whatsapp")
def verify():
    """Answer Meta's subscription check: echo hub.challenge when hub.verify_token is ours."""
    config = current_services().settings.section("whatsapp")
    token, challenge = request.args.get("hub.verify_token", ""), request.args.get("hub.challenge", "")
    if request.args.get("hub.mode") != "subscribe" or not hmac.compare_digest(
            token.encode(), config.verify_token.encode()):
        abort(403, "hub.mode must be subscribe and hub.verify_token must be WHATSAPP_VERIFY_TOKEN")
    return challenge[:200], 200, PLAIN


@bp.post("/whatsapp")
def events():
    """Check the signature on the raw body before reading it; record each message once, queue its
    answer, apply status reports; 200 once that is safely stored, so Meta stops re-sending."""
    services = current_services()
    config = services.settings.section("whatsapp")
    request.max_content_length = MAX_EVENTS_BYTES
    body = request.get_data(cache=False)
    if not signature_valid(body, request.headers.get(HEADER, ""), config.app_secret):
        log.warning("refused a WhatsApp webhook post with a bad or missing %s", HEADER)
        return f"bad or missing {HEADER}\n", 403, PLAIN
    events = parse_events(body, config.phone_number_id)
    try:
        new = accept_events(services, events)
    except (SQLAlchemyError, *REDIS_DOWN):
        log.exception("could not record a WhatsApp webhook post; Meta will send it again")
        return "unavailable, please retry\n", 503, PLAIN
    return f"ok: {new} new message(s), {len(events.reports)} report(s)\n", 200, PLAIN
