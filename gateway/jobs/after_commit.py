"""Queue jobs only once the rows they carry are committed: the row is the truth and the job its
carrier. If Redis is unreachable then, the row waits for the sweep, which queues it again."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..errors import REDIS_DOWN
from .queue import BATCH_SIZE, Jobs

log = logging.getLogger(__name__)


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

    @property
    def pending(self) -> bool:
        """True when rows were recorded whose jobs are still to be queued."""
        return bool(self.sends or self.answers or self.batches or self.chats or self.chat_answers)

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
