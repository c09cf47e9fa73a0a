"""Start one RQ worker with its scheduler, so jobs retried with intervals run on time.

At start and every minute after, it also re-queues messages a lost job or a dead worker left.
"""

import logging

import redis
from rq import Queue, Worker

from . import runtime
from .recovery import sweep

QUEUES = ("default",)
MAINTENANCE_SECONDS = 60
# RQ runs maintenance only between dequeue timeouts (worker_ttl - 15 s, 405 s by default): a
# shorter ttl makes the sweep really run about every minute.
WORKER_TTL = MAINTENANCE_SECONDS + 15
log = logging.getLogger("workers")


class SapaWorker(Worker):
    """An RQ worker whose periodic maintenance also sweeps the message table."""

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        try:
            requeued = sweep()
        except Exception:
            # An exception here would end RQ's loop and the worker with it; the next sweep retries.
            log.exception("the sweep failed; trying again at the next maintenance")
            return
        if requeued:
            log.info("re-queued %d message(s) left behind", requeued)


def make_worker(connection: redis.Redis) -> SapaWorker:
    """Build the worker; job arguments (message ids, never phones) are kept out of its log anyway."""
    queues = [Queue(name, connection=connection) for name in QUEUES]
    return SapaWorker(queues, connection=connection, maintenance_interval=MAINTENANCE_SECONDS,
                      worker_ttl=WORKER_TTL, log_job_description=False)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    connection = runtime.connection()
    runtime.catalog()  # fail at start, not on the first job, when the catalog or database is wrong
    runtime.database().connect().close()
    sweep()
    make_worker(connection).work(with_scheduler=True)


if __name__ == "__main__":
    main()
