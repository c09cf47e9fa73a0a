"""The only door to the queue: every job's name, id and retry policy, queued after its rows commit.

Jobs are named by import path (strings), so the web app never imports workers/: RQ imports the
function in the worker. Each job carries a row id, never a phone number or a text. The row is the
truth and the job its carrier: if Redis is unreachable when a job should be queued, the row waits
for the sweep (gateway/sms/recovery.py), which queues it again.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .errors import REDIS_DOWN

SEND_MESSAGE = "workers.jobs.send_message"
ANSWER_INCOMING = "workers.jobs.answer_incoming"
SEND_BATCH = "workers.jobs.send_batch"
APPLY_RETENTION = "workers.jobs.apply_retention"
SEND_CHAT = "workers.jobs.send_whatsapp"
ANSWER_CHAT = "workers.jobs.answer_whatsapp"
BATCH_SIZE = 100  # recipients of a broadcast per provider request
LIVE = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED}
log = logging.getLogger(__name__)


def send_job_id(message_id: int) -> str:
    return f"sms-send-{message_id}"


def answer_job_id(inbound_id: int) -> str:
    return f"sms-in-{inbound_id}"


def chat_send_job_id(message_id: int) -> str:
    return f"wa-send-{message_id}"


def chat_answer_job_id(inbound_id: int) -> str:
    return f"wa-in-{inbound_id}"


class Jobs:
    """Queue Sapa's jobs under deterministic ids, so one row has at most one live job."""

    def __init__(self, queue: Queue, retry_seconds: tuple[int, ...]):
        self.queue = queue
        self.retry_seconds = retry_seconds

    def retry(self) -> Retry:
        return Retry(max=len(self.retry_seconds), interval=list(self.retry_seconds))

    def send(self, message_id: int, *, pipeline=None, force: bool = False) -> bool:
        """Queue a message's send job; return False when it already has a live one.

        `force` queues it even when RQ still lists a job as running (its worker died mid-send).
        """
        job_id = send_job_id(message_id)
        if pipeline is None and not force and self.is_live(job_id):
            return False
        self.queue.enqueue(SEND_MESSAGE, message_id, job_id=job_id, retry=self.retry(), pipeline=pipeline)
        return True

    def send_at(self, message_id: int, at: datetime) -> None:
        """Send a message at `at` (after quiet hours). Its own id: the job deferring itself is still
        running under the plain one; a duplicate run is harmless, since a send claims its row."""
        self.queue.enqueue_at(at, SEND_MESSAGE, message_id, retry=self.retry(),
                              job_id=f"{send_job_id(message_id)}-at-{at.astimezone(UTC):%Y%m%d%H%M}")

    def answer(self, inbound_id: int, *, pipeline=None) -> bool:
        """Queue the answer to an incoming SMS; return False when it already has a live job."""
        job_id = answer_job_id(inbound_id)
        if pipeline is None and self.is_live(job_id):
            return False
        self.queue.enqueue(ANSWER_INCOMING, inbound_id, job_id=job_id, pipeline=pipeline)
        return True

    def batch(self, message_ids: list[int], job_id: str) -> None:
        """Queue one provider request for many recipients of one broadcast."""
        self.queue.enqueue(SEND_BATCH, message_ids, job_id=job_id, retry=self.retry())

    def batch_at(self, message_ids: list[int], at: datetime) -> None:
        self.queue.enqueue_at(at, SEND_BATCH, message_ids, retry=self.retry())

    def retention_once_a_day(self, timezone: str) -> bool:
        """Queue the retention job once per office day (the worker asks at every maintenance); a
        marker in Redis, not the job id, says it ran: RQ forgets finished jobs within minutes."""
        day = datetime.now(ZoneInfo(timezone)).date().isoformat()
        marker = f"sapa:retention:{day}"
        if not self.queue.connection.set(marker, 1, nx=True, ex=2 * 24 * 3600):
            return False
        try:
            self.queue.enqueue(APPLY_RETENTION, job_id=f"retention-{day}", job_timeout=3600)
        except REDIS_DOWN:
            self.queue.connection.delete(marker)  # not queued: the next maintenance tries again
            raise
        return True

    def send_chat(self, message_id: int, *, pipeline=None, force: bool = False) -> bool:
        """Queue a WhatsApp message's send job; return False when it already has a live one."""
        job_id = chat_send_job_id(message_id)
        if pipeline is None and not force and self.is_live(job_id):
            return False
        self.queue.enqueue(SEND_CHAT, message_id, job_id=job_id, retry=self.retry(), pipeline=pipeline)
        return True

    def send_chat_at(self, message_id: int, at: datetime) -> None:
        """Send a WhatsApp message at `at` (after quiet hours); see send_at."""
        self.queue.enqueue_at(at, SEND_CHAT, message_id, retry=self.retry(),
                              job_id=f"{chat_send_job_id(message_id)}-at-{at.astimezone(UTC):%Y%m%d%H%M}")

    def answer_chat(self, inbound_id: int, *, pipeline=None) -> bool:
        """Queue the answer to an incoming WhatsApp message; False when it already has a live job."""
        job_id = chat_answer_job_id(inbound_id)
        if pipeline is None and self.is_live(job_id):
            return False
        self.queue.enqueue(ANSWER_CHAT, inbound_id, job_id=job_id, pipeline=pipeline)
        return True

    def is_live(self, job_id: str) -> bool:
        """True when a job with this id is waiting, scheduled or running."""
        try:
            return Job.fetch(job_id, connection=self.queue.connection).get_status() in LIVE
        except NoSuchJobError:
            return False


@dataclass
class AfterCommit:
    """Jobs to queue once the transaction that recorded their rows has committed."""

    sends: list[tuple[int, bool]] = field(default_factory=list)  # (message id, force)
    answers: list[int] = field(default_factory=list)
    batches: list[tuple[list[int], str]] = field(default_factory=list)  # (message ids, job id)
    chats: list[tuple[int, bool]] = field(default_factory=list)  # (WhatsApp message id, force)
    chat_answers: list[int] = field(default_factory=list)

    def send(self, message_id: int, force: bool = False) -> None:
        self.sends.append((message_id, force))

    def send_chat(self, message_id: int, force: bool = False) -> None:
        self.chats.append((message_id, force))

    def broadcast(self, message_ids: list[int], broadcast_id: str) -> None:
        """One job per BATCH_SIZE recipients; deterministic ids, so a re-sent form queues nothing new."""
        for n, start in enumerate(range(0, len(message_ids), BATCH_SIZE)):
            self.batches.append((message_ids[start:start + BATCH_SIZE], f"broadcast-{broadcast_id}-{n}"))

    def queue(self, jobs: Jobs, pipeline=None) -> int:
        """Queue everything; inside `pipeline` when given (it then carries them). Return how many
        were queued now; what Redis could not take is left to the sweep."""
        try:
            queued = sum(jobs.send(m, pipeline=pipeline, force=force) for m, force in self.sends)
            queued += sum(jobs.answer(i, pipeline=pipeline) for i in self.answers)
            queued += sum(jobs.send_chat(m, pipeline=pipeline, force=force) for m, force in self.chats)
            queued += sum(jobs.answer_chat(i, pipeline=pipeline) for i in self.chat_answers)
            for message_ids, job_id in self.batches:
                jobs.batch(message_ids, job_id)
                queued += 1
        except REDIS_DOWN:
            if pipeline is not None:
                raise
            log.warning("queue unreachable: %d recorded item(s) wait for the sweep", len(self.sends)
                        + len(self.answers) + len(self.batches) + len(self.chats) + len(self.chat_answers))
            return 0
        return queued


@contextmanager
def recording(database: Engine, jobs: Jobs) -> Iterator[tuple[Session, AfterCommit]]:
    """Open a transaction for rows, and queue the jobs that carry them once it commits.

        with recording(services.database, services.jobs) as (db, after):
            message = record_message(db, ...)
            after.send(message.id)
    """
    after = AfterCommit()
    with Session(database) as session, session.begin():
        yield session, after
    after.queue(jobs)
