"""Every job's name, id and retry policy: queue Sapa's jobs under deterministic ids.

Jobs are named by import path (strings), so the web app never imports workers/: RQ imports the
function in the worker. Each job carries a row id, never a phone number or a text.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from rq import Queue, Retry
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry

from ..errors import REDIS_DOWN
from ..logs import request_id

SEND_MESSAGE = "workers.jobs.send_message"
ANSWER_INCOMING = "workers.jobs.answer_incoming"
SEND_BATCH = "workers.jobs.send_batch"
APPLY_RETENTION = "workers.jobs.apply_retention"
SEND_CHAT = "workers.jobs.send_whatsapp"
ANSWER_CHAT = "workers.jobs.answer_whatsapp"
BATCH_SIZE = 100  # recipients of a broadcast per provider request
LIVE = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED}
# A send waits at most ~9 s for the provider, and up to two minutes for a lost database to come back
# before it records the provider's answer (gateway/sms/sending.py): RQ's default 180 s is too close.
SEND_TIMEOUT = 300


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
        self.queue.enqueue(SEND_MESSAGE, message_id, job_id=job_id, retry=self.retry(), pipeline=pipeline,
                           job_timeout=SEND_TIMEOUT, meta=_meta())
        return True

    def send_at(self, message_id: int, at: datetime) -> None:
        """Send a message at `at` (after quiet hours). Its own id: the job deferring itself is still
        running under the plain one; a duplicate run is harmless, since a send claims its row."""
        self.queue.enqueue_at(at, SEND_MESSAGE, message_id, retry=self.retry(), job_timeout=SEND_TIMEOUT,
                              job_id=f"{send_job_id(message_id)}-at-{at.astimezone(UTC):%Y%m%d%H%M}",
                              meta=_meta())

    def answer(self, inbound_id: int, *, pipeline=None) -> bool:
        """Queue the answer to an incoming SMS; return False when it already has a live job."""
        job_id = answer_job_id(inbound_id)
        if pipeline is None and self.is_live(job_id):
            return False
        self.queue.enqueue(ANSWER_INCOMING, inbound_id, job_id=job_id, pipeline=pipeline, meta=_meta())
        return True

    def batch(self, message_ids: list[int], job_id: str, *, pipeline=None) -> None:
        """Queue one provider request for many recipients of one broadcast."""
        self.queue.enqueue(SEND_BATCH, message_ids, job_id=job_id, retry=self.retry(),
                           job_timeout=SEND_TIMEOUT, meta=_meta(), pipeline=pipeline)

    def batch_at(self, message_ids: list[int], at: datetime) -> None:
        self.queue.enqueue_at(at, SEND_BATCH, message_ids, retry=self.retry(), job_timeout=SEND_TIMEOUT,
                              meta=_meta())

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
        self.queue.enqueue(SEND_CHAT, message_id, job_id=job_id, retry=self.retry(), pipeline=pipeline,
                           job_timeout=SEND_TIMEOUT, meta=_meta())
        return True

    def send_chat_at(self, message_id: int, at: datetime) -> None:
        """Send a WhatsApp message at `at` (after quiet hours); see send_at."""
        self.queue.enqueue_at(at, SEND_CHAT, message_id, retry=self.retry(), job_timeout=SEND_TIMEOUT,
                              job_id=f"{chat_send_job_id(message_id)}-at-{at.astimezone(UTC):%Y%m%d%H%M}",
                              meta=_meta())

    def answer_chat(self, inbound_id: int, *, pipeline=None) -> bool:
        """Queue the answer to an incoming WhatsApp message; False when it already has a live job."""
        job_id = chat_answer_job_id(inbound_id)
        if pipeline is None and self.is_live(job_id):
            return False
        self.queue.enqueue(ANSWER_CHAT, inbound_id, job_id=job_id, pipeline=pipeline, meta=_meta())
        return True

    def is_live(self, job_id: str) -> bool:
        """True when a job with this id is waiting, scheduled or running."""
        return job_id in self.live(job_id)

    def live(self, *job_ids: str) -> set[str]:
        """The ids among `job_ids` whose job is waiting, scheduled or running: one round trip."""
        with self.queue.connection.pipeline(transaction=False) as pipe:
            for job_id in job_ids:
                pipe.hget(Job.key_for(job_id), "status")
            statuses = pipe.execute()
        return {job_id for job_id, status in zip(job_ids, statuses, strict=True)
                if status is not None and status.decode() in LIVE}

    def messages_in_hand(self, silent_after: timedelta) -> set[int]:
        """Ids of the messages that a running send job holds, counting only jobs whose worker has
        sent a heartbeat within `silent_after`: the others belong to a worker that died."""
        connection, registry = self.queue.connection, StartedJobRegistry(queue=self.queue)
        running = registry.get_job_and_execution_ids(cleanup=False)
        with connection.pipeline(transaction=False) as pipe:
            for job_id, execution_id in running:
                pipe.hget(f"rq:execution:{job_id}:{execution_id}", "last_heartbeat")
            beats = pipe.execute()
        oldest = (datetime.now(UTC) - silent_after).timestamp()
        alive = [job_id for (job_id, _), beat in zip(running, beats, strict=True)
                 if beat and float(beat) > oldest]
        return set(_message_ids(Job.fetch_many(alive, connection=connection)))


def _meta() -> dict:
    """What every job carries besides its arguments: the id of the request that queued it."""
    return {"request_id": request_id.get()} if request_id.get() else {}


def _message_ids(jobs: Iterable[Job | None]) -> Iterator[int]:
    for job in jobs:
        if job is None:
            continue
        if job.func_name == SEND_MESSAGE:
            yield job.args[0]
        elif job.func_name == SEND_BATCH:
            yield from job.args[0]
