"""Re-queue what a lost job or a dead worker left behind; run at worker start and periodically."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..services import Services
from ..store.inbox import InboundSms
from ..store.messages import MessageStatus, OutboundSms, open_pause


def sweep(services: Services, stale_after: timedelta = timedelta(minutes=2)) -> int:
    """Re-queue what a lost job or a dead worker left behind; return how many were re-queued.

    What still has a live job (waiting, scheduled for a retry, running) is left to it.

    A message stuck in `sending` belonged to a worker that died mid-send: whether the provider got
    it cannot be known, so it is sent again (a rare duplicate beats a lost notice).
    """
    now, jobs = datetime.now(UTC), services.jobs
    with Session(services.database) as session, session.begin():
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
    requeued = sum(jobs.send(message_id, force=force) for message_id, force in requeue)
    requeued += sum(jobs.answer(inbound_id) for inbound_id in unanswered)  # False when one is live
    return requeued
