"""Start one RQ worker with its scheduler, so jobs retried with intervals run on time.

At start and every minute after, it also re-queues messages a lost job or a dead worker left.
"""

import logging

from rq import Queue, Worker

from . import runtime
from .recovery import sweep

QUEUES = ("default",)
log = logging.getLogger("workers")


class SapaWorker(Worker):
    """An RQ worker whose periodic maintenance also sweeps the message table."""

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        requeued = sweep()
        if requeued:
            log.info("re-queued %d message(s) left behind", requeued)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    connection = runtime.connection()
    runtime.catalog()  # fail at start, not on the first job, when the catalog or database is wrong
    runtime.database().connect().close()
    sweep()
    queues = [Queue(name, connection=connection) for name in QUEUES]
    SapaWorker(queues, connection=connection, maintenance_interval=60).work(with_scheduler=True)


if __name__ == "__main__":
    main()
