"""Apply delivery reports to sent messages, and keep one that comes before its message id is known.

The send job stores the provider's message id only after the provider answered, so a fast report
(a Failed a second later) can arrive first. It waits in sms_early_reports until the job records
that id, then is applied as if it had come late.
"""

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..providers import Delivery, DeliveryReport
from ..store.messages import EarlyDeliveryReport, MessageStatus, OutboundSms
from ..store.phones import set_broadcasts

FINAL = {Delivery.DELIVERED: MessageStatus.DELIVERED, Delivery.FAILED: MessageStatus.UNDELIVERED}
EARLY_KEPT = timedelta(days=1)  # a report whose id never turns up belongs to no message of ours
log = logging.getLogger(__name__)


def record_report(database: Engine, report: DeliveryReport) -> str:
    """Apply a report to its message, or keep it until its message id is recorded; say which."""
    with Session(database) as session, session.begin():
        message = _message(session, report.provider_message_id)
        if message is not None:
            return apply_report(session, message, report)
        session.execute(delete(EarlyDeliveryReport).where(
            EarlyDeliveryReport.received_at < datetime.now(UTC) - EARLY_KEPT))
        session.add(EarlyDeliveryReport(provider_message_id=report.provider_message_id, state=report.state,
                                        status=report.status, failure_reason=report.failure_reason,
                                        opted_out=report.opted_out))
    # The send job may have stored the id between our look-up and our insert: look once more.
    if apply_early_reports(database, report.provider_message_id):
        return "recorded"
    log.info("delivery report for message id %s kept until the id is recorded", report.provider_message_id)
    return "kept until its message is known"


def apply_early_reports(database: Engine, provider_message_id: str) -> int:
    """Apply the reports kept for this message id, in the order they came; return how many."""
    with Session(database) as session, session.begin():
        message = _message(session, provider_message_id)
        if message is None:
            return 0
        kept = session.scalars(select(EarlyDeliveryReport)
                               .where(EarlyDeliveryReport.provider_message_id == provider_message_id)
                               .order_by(EarlyDeliveryReport.id)).all()
        applied = 0
        for row in kept:
            report = DeliveryReport(row.provider_message_id, Delivery(row.state), row.status,
                                    row.failure_reason, row.opted_out)
            # Deleting claims it: when the send job and a report request look at once, one applies it.
            claimed = session.execute(delete(EarlyDeliveryReport).where(EarlyDeliveryReport.id == row.id)
                                      .execution_options(synchronize_session=False)).rowcount
            if claimed:
                apply_report(session, message, report)
                applied += 1
        return applied


def apply_report(session: Session, message: OutboundSms, report: DeliveryReport) -> str:
    """Record what the network said about a message; a late report never undoes a final one."""
    if message.status in FINAL.values() and report.state == Delivery.PENDING:
        return "late report; kept the final status"  # reports can cross
    message.delivery_status = report.status[:40]
    if report.state in FINAL:
        message.status = FINAL[report.state]
    if report.state == Delivery.FAILED:
        message.last_error = f"{report.status}: {report.failure_reason or 'no reason given'}"[:200]
        log.warning("SMS %s to %s not delivered (%s): call the resident instead",
                    message.id, mask_phone(message.phone), message.last_error)
    if report.opted_out:
        set_broadcasts(session, message.phone, False)
    return "recorded"


def _message(session: Session, provider_message_id: str) -> OutboundSms | None:
    return session.scalar(select(OutboundSms).where(OutboundSms.provider_message_id == provider_message_id))
