"""The provider's SMS callbacks: incoming messages and delivery reports."""

import logging

from flask import Blueprint, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from workers.incoming import answer_incoming

from .callback_auth import require_callback_token
from .delivery import record_report
from .inbox import record_inbound
from .sessions import REDIS_DOWN
from .sms_payloads import parse_delivery_report, parse_incoming_sms

bp = Blueprint("sms", __name__)
log = logging.getLogger(__name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/sms/incoming")
@require_callback_token
def incoming():
    """Record the message (once per provider id) and queue its answer; never call the provider."""
    sms = parse_incoming_sms(request.form)
    services = current_app.extensions["sapa"]
    try:
        inbound_id, state = record_inbound(services.database, sms)
    except SQLAlchemyError:
        log.exception("could not record incoming SMS %s", sms.provider_id)
        return "database unavailable, please retry\n", 503, PLAIN
    if state == "answered":
        return "already answered\n", 200, PLAIN
    try:
        services.queue.enqueue(answer_incoming, inbound_id, job_id=f"sms-in-{inbound_id}")
    except REDIS_DOWN:
        # Recorded, so not lost: the worker's sweep answers it once Redis is back.
        log.warning("incoming SMS %s recorded; queue unreachable, the sweep will answer it", inbound_id)
    return ("received\n" if state == "new" else "received again\n"), 200, PLAIN


@bp.post("/sms/delivery")
@require_callback_token
def delivery():
    """Record what the network said about a message we sent (or keep it until the id is known)."""
    report = parse_delivery_report(request.form)
    try:
        outcome = record_report(current_app.extensions["sapa"].database, report)
    except SQLAlchemyError:
        log.exception("could not record delivery report %s", report.provider_message_id)
        return "database unavailable, please retry\n", 503, PLAIN
    return f"{outcome}\n", 200, PLAIN
