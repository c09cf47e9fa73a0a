"""Africa's Talking's SMS callbacks (form-encoded, unsigned): incoming messages and delivery reports."""

import logging

from flask import Blueprint, request
from sqlalchemy.exc import SQLAlchemyError

from ...services import current_services
from ...web.callbacks import require_callback_token
from ..delivery import record_report
from ..providers import africastalking
from ..receiving import accept_incoming

bp = Blueprint("sms", __name__)
log = logging.getLogger(__name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}
ANSWERS = {"new": "received\n", "unanswered": "received again\n", "answered": "already answered\n"}


@bp.post("/sms/incoming")
@require_callback_token
def incoming():
    """Record the message (once per provider id) and queue its answer; never call the provider."""
    sms = africastalking.parse_incoming(request.form)
    try:
        state = accept_incoming(current_services(), sms)
    except SQLAlchemyError:
        log.exception("could not record incoming SMS %s", sms.provider_id)
        return "database unavailable, please retry\n", 503, PLAIN
    return ANSWERS[state], 200, PLAIN


@bp.post("/sms/delivery")
@require_callback_token
def delivery():
    """Record what the network said about a message we sent (or keep it until the id is known)."""
    report = africastalking.parse_report(request.form)
    try:
        outcome = record_report(current_services().database, report)
    except SQLAlchemyError:
        log.exception("could not record delivery report %s", report.provider_message_id)
        return "database unavailable, please retry\n", 503, PLAIN
    return f"{outcome}\n", 200, PLAIN
