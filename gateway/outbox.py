"""Record an outgoing SMS durably, then hand it to the queue: the record is the truth.

Used by the web app (USSD "Kirim SMS", incoming SMS) and by workers alike.
"""

from datetime import UTC, datetime

from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from menus import sms_cost, to_gsm7

from .models import MessageStatus, OutboundSms, SendingPause

LIVE_JOB = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED}


def record_message(session: Session, phone: str, text: str, purpose: str, dedupe_key: str) -> OutboundSms:
    """Add the message unless one with this dedupe key exists; return the stored one either way.

    Non-GSM characters (curly quotes, emoji from staff input) are replaced first: one of them would
    turn the whole message into UCS-2 and double its cost.
    """
    existing = session.scalar(select(OutboundSms).where(OutboundSms.dedupe_key == dedupe_key))
    if existing:
        return existing
    text = to_gsm7(text)
    message = OutboundSms(dedupe_key=dedupe_key, phone=phone, text=text, purpose=purpose,
                          segments=sms_cost(text).segments)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:  # recorded by a concurrent request between our select and insert
        return session.scalar(select(OutboundSms).where(OutboundSms.dedupe_key == dedupe_key))
    return message


def send_job_id(message_id: int) -> str:
    return f"sms-send-{message_id}"


def enqueue_send(queue: Queue, message_id: int, retry_seconds: tuple[int, ...], pipeline=None,
                 at: datetime | None = None, force: bool = False) -> bool:
    """Queue the send job under a deterministic id, so a message has at most one live job; return
    False when it already had one (waiting, scheduled for a retry, or running).

    `force` queues it even when RQ still lists a job as running (its worker died mid-send).
    """
    from workers.sending import send_message  # workers import gateway; import late to avoid a cycle

    job_id = send_job_id(message_id)
    if pipeline is None and not force and job_is_live(queue, job_id):
        return False
    retry = Retry(max=len(retry_seconds), interval=list(retry_seconds))
    if at is not None:
        # Its own id: the job deferring itself is still running under the plain one. A
        # duplicate run later is harmless, since a send first claims the row in the database.
        queue.enqueue_at(at, send_message, message_id, job_id=f"{job_id}-at-{at.astimezone(UTC):%Y%m%d%H%M}",
                         retry=retry)
    else:
        queue.enqueue(send_message, message_id, job_id=job_id, retry=retry, pipeline=pipeline)
    return True


def job_is_live(queue: Queue, job_id: str) -> bool:
    """True when a job with this id is waiting, scheduled or running."""
    try:
        return Job.fetch(job_id, connection=queue.connection).get_status() in LIVE_JOB
    except NoSuchJobError:
        return False


def open_pause(session: Session) -> SendingPause | None:
    """Return the pause in force (the provider's balance ran out), if any."""
    return session.scalar(select(SendingPause).where(SendingPause.resumed_at.is_(None)))


def resume_sending(session: Session, who: str) -> list[int]:
    """End the pause in force and put held messages back in the queue; return their ids so the
    caller queues them once this transaction has committed."""
    pause = open_pause(session)
    if pause:
        pause.resumed_at, pause.resumed_by = datetime.now(UTC), who[:100]
    held = session.scalars(select(OutboundSms).where(OutboundSms.status == MessageStatus.HELD)).all()
    for message in held:
        message.status = MessageStatus.QUEUED
    return [m.id for m in held]
