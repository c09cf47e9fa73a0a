"""The provider's SMS callbacks: incoming messages and delivery reports."""

import logging

from flask import Blueprint, request
from sqlalchemy.exc import SQLAlchemyError

from ..errors import REDIS_DOWN
from ..services import current_services
from ..store.inbox import record_inbound
from ..web.callbacks import require_callback_token
from .delivery import record_report
from .payloads import parse_delivery_report, parse_incoming_sms

bp = Blueprint("sms", __name__)
log = logging.getLogger(__name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/sms/incoming")
@require_callback_token
def incoming():
    """Record the message (once per provider id) and queue its answer; never call the provider."""
    sms = parse_incoming_sms(request.form)
    services = current_services()
    try:
        inbound_id, state = record_inbound(services.database, sms.provider_id, sms.phone, sms.short_code,
                                           sms.text, sms.link_id)
    except SQLAlchemyError:
        log.exception("could not record incoming SMS %s", sms.provider_id)
        return "database unavailable, please retry\n", 503, PLAIN
    if state == "answered":
        return "already answered\n", 200, PLAIN
    try:
        services.jobs.answer(inbound_id)
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
        outcome = record_report(current_services().database, report)
    except SQLAlchemyError:
        log.exception("could not record delivery report %s", report.provider_message_id)
        return "database unavailable, please retry\n", 503, PLAIN
    return f"{outcome}\n", 200, PLAIN
