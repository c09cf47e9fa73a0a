"""The provider's SMS callbacks: incoming messages and delivery reports."""

import logging

from flask import Blueprint, current_app, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from menus.privacy import mask_phone
from workers.incoming import answer_incoming
from workers.preferences import set_broadcasts

from .callback_auth import require_callback_token
from .inbox import record_inbound
from .models import MessageStatus, OutboundSms
from .sessions import REDIS_DOWN
from .sms_payloads import parse_delivery_report, parse_incoming_sms

bp = Blueprint("sms", __name__)
log = logging.getLogger(__name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}
FINAL_FAILURES = {"Failed", "Rejected", "Expired"}


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
    """Record what the network said about a message we sent."""
    report = parse_delivery_report(request.form)
    try:
        with Session(current_app.extensions["sapa"].database) as session, session.begin():
            message = session.scalar(select(OutboundSms).where(
                OutboundSms.provider_message_id == report.provider_message_id))
            if message is None:
                log.info("delivery report for unknown message id %s", report.provider_message_id)
                return "unknown message id; ignored\n", 200, PLAIN
            if message.status in (MessageStatus.DELIVERED, MessageStatus.UNDELIVERED) \
                    and report.status not in FINAL_FAILURES | {"Success"}:
                return "late report; kept the final status\n", 200, PLAIN  # reports can cross
            message.delivery_status = report.status
            if report.status == "Success":
                message.status = MessageStatus.DELIVERED
            elif report.status in FINAL_FAILURES:
                message.status = MessageStatus.UNDELIVERED
                message.last_error = f"{report.status}: {report.failure_reason or 'no reason given'}"
                log.warning("SMS %s to %s not delivered (%s): call the resident instead",
                            message.id, mask_phone(message.phone), message.last_error)
            if report.failure_reason == "UserInBlackList":
                set_broadcasts(session, message.phone, False)
    except SQLAlchemyError:
        log.exception("could not record delivery report %s", report.provider_message_id)
        return "database unavailable, please retry\n", 503, PLAIN
    return "recorded\n", 200, PLAIN
