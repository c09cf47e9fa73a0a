"""Re-queue what a lost job or a dead worker left behind; run at worker start and periodically."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import InboundSms, MessageStatus, OutboundSms
from gateway.outbox import enqueue_send, job_is_live, open_pause

from . import runtime
from .incoming import answer_incoming


def sweep(stale_after: timedelta = timedelta(minutes=2)) -> int:
    """Re-queue what a lost job or a dead worker left behind; return how many were re-queued.

    What still has a live job (waiting, scheduled for a retry, running) is left to it.

    A message stuck in `sending` belonged to a worker that died mid-send: whether the provider got
    it cannot be known, so it is sent again (a rare duplicate beats a lost notice).
    """
    now = datetime.now(UTC)
    queue, retry = runtime.queue(), runtime.settings().sms_retry_seconds
    with Session(runtime.database()) as session, session.begin():
        if open_pause(session):
            return 0
        stuck = session.scalars(select(OutboundSms).where(
            OutboundSms.status.in_([MessageStatus.QUEUED, MessageStatus.SENDING]),
            OutboundSms.updated_at < now - stale_after,
            (OutboundSms.send_after.is_(None)) | (OutboundSms.send_after < now))).all()
        requeue = []
        for message in stuck:
            dead_worker = message.status == MessageStatus.SENDING
            if dead_worker:
                message.status, message.last_error = MessageStatus.QUEUED, "worker stopped mid-send"
            message.updated_at = now
            requeue.append((message.id, dead_worker))
        unanswered = session.scalars(select(InboundSms.id).where(
            InboundSms.answered_at.is_(None), InboundSms.received_at < now - stale_after)).all()
    requeued = sum(enqueue_send(queue, message_id, retry, force=force) for message_id, force in requeue)
    for inbound_id in unanswered:
        job_id = f"sms-in-{inbound_id}"
        if not job_is_live(queue, job_id):
            queue.enqueue(answer_incoming, inbound_id, job_id=job_id)
            requeued += 1
    return requeued
