"""Re-queue what a lost job or a dead worker left behind; run at worker start and every few seconds.

A message stays `sending` only while a worker holds it. RQ's workers send a heartbeat every few
seconds while a job runs (workers/worker.py), so a `sending` message whose job has been silent for
SILENT_AFTER belongs to a worker that died mid-send. Whether the provider took it is asked of the
provider when it can tell (gateway/providers.py TraceableProvider, by our reference); otherwise it is
sent again, since a rare duplicate beats a lost notice (Africa's Talking cannot be asked).
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import TransientSendError
from ..jobs import answer_job_id, send_job_id
from ..providers import message_ref, traceable
from ..services import Services
from ..store.inbox import InboundSms
from ..store.messages import MessageStatus, OutboundSms, Purpose, open_pause
from .sending import record_receipt

SILENT_AFTER = timedelta(seconds=20)  # four missed heartbeats of a running send job
LOST_AFTER = timedelta(seconds=30)  # a queued reply or notice, or an SMS to answer, with no live job
BROADCAST_LOST_AFTER = timedelta(minutes=10)  # broadcast batches wait behind each other in the queue
AT_MOST = 500  # rows looked at per sweep, oldest first; the next sweep takes the rest
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Found:
    abandoned: list[tuple[int, int]]  # (message id, attempts) of sends whose worker died
    waiting: list[int]  # queued messages that may have lost their job
    unanswered: list[int]  # incoming SMS that may have lost their answer job


def sweep(services: Services, stale_after: timedelta | None = None) -> int:
    """Re-queue (or settle with the provider) what a lost job or a dead worker left behind; return
    how many were re-queued or settled. `stale_after` replaces every wait (tests use 0)."""
    found = _find(services, stale_after)
    if found is None:
        return 0
    done = sum(_settle(services, message_id, attempts) for message_id, attempts in found.abandoned)
    jobs = services.jobs
    live = jobs.live(*(send_job_id(m) for m in found.waiting)) if found.waiting else set()
    done += sum(jobs.send(m, force=True) for m in found.waiting if send_job_id(m) not in live)
    live = jobs.live(*(answer_job_id(i) for i in found.unanswered)) if found.unanswered else set()
    for inbound_id in found.unanswered:
        if answer_job_id(inbound_id) not in live:
            done += jobs.answer(inbound_id, pipeline=None)
    return done


def _find(services: Services, stale_after: timedelta | None) -> Found | None:
    now = datetime.now(UTC)
    silent, lost, broadcast_lost = ((stale_after,) * 3 if stale_after is not None
                                    else (SILENT_AFTER, LOST_AFTER, BROADCAST_LOST_AFTER))
    with Session(services.database) as session:
        if open_pause(session):
            return None
        in_hand = services.jobs.messages_in_hand(silent)
        sending = session.execute(select(OutboundSms.id, OutboundSms.attempts).where(
            OutboundSms.status == MessageStatus.SENDING, OutboundSms.updated_at <= now - silent)
            .order_by(OutboundSms.id).limit(AT_MOST)).all()
        waiting = session.scalars(select(OutboundSms.id).where(
            OutboundSms.status == MessageStatus.QUEUED,
            (OutboundSms.send_after.is_(None)) | (OutboundSms.send_after < now),
            OutboundSms.updated_at <= now - lost,
            (OutboundSms.purpose != Purpose.BROADCAST) | (OutboundSms.updated_at <= now - broadcast_lost))
            .order_by(OutboundSms.id).limit(AT_MOST)).all()
        unanswered = session.scalars(select(InboundSms.id).where(
            InboundSms.answered_at.is_(None), InboundSms.received_at <= now - lost)
            .order_by(InboundSms.id).limit(AT_MOST)).all()
    return Found([(m, a) for m, a in sending if m not in in_hand], list(waiting), list(unanswered))


def _settle(services: Services, message_id: int, attempts: int) -> bool:
    """Ask the provider about a send a dead worker left, when it can tell; else queue it again."""
    if traceable(services.provider):
        try:
            receipts = services.provider.lookup(message_ref(message_id))
        except TransientSendError as exc:
            log.warning("SMS %s: the provider cannot say now whether it took it (%s); asking again "
                        "at the next sweep", message_id, exc)
            return False
        if receipts:
            record_receipt(services, message_id, receipts[0], attempt=attempts)
            log.info("SMS %s: a worker died mid-send; the provider had taken it", message_id)
            return True
    with Session(services.database) as session, session.begin():
        # Only if no other job claimed it meanwhile (the attempt count is the claim's fence).
        requeued = session.execute(update(OutboundSms).where(
            OutboundSms.id == message_id, OutboundSms.status == MessageStatus.SENDING,
            OutboundSms.attempts == attempts).values(
            status=MessageStatus.QUEUED, last_error="worker stopped mid-send")).rowcount
    if requeued:
        log.warning("SMS %s: a worker died mid-send; queued again", message_id)
        services.jobs.send(message_id, force=True)
    return bool(requeued)
