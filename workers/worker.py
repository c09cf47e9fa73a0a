"""The RQ worker Sapa runs: it binds the services to the jobs, and its periodic maintenance also
sweeps the message table for work a lost job or a dead worker left behind and keeps the phones'
languages mirrored in Redis (so a hop never asks the database for one)."""

import logging

from rq import Queue, SimpleWorker, Worker
from rq.worker import BaseWorker

from gateway.services import Services
from gateway.sms.recovery import sweep
from gateway.store.phones import mirror_languages

from . import jobs

QUEUES = ("default",)
MAINTENANCE_SECONDS = 60
# RQ runs maintenance only between dequeue timeouts (worker_ttl - 15 s, 405 s by default): a
# shorter ttl makes the sweep really run about every minute.
WORKER_TTL = MAINTENANCE_SECONDS + 15
log = logging.getLogger("workers")


class _Sapa:
    """What Sapa adds to an RQ worker: its services bound to the jobs, and the maintenance."""

    def __init__(self, queues, services: Services, **kwargs):
        super().__init__(queues, **kwargs)
        self.services = services
        jobs.bind(services)

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        maintain(self.services)


class SapaWorker(_Sapa, Worker):
    """Sapa's RQ worker forking a work horse for each job (`python -m workers --fork`)."""

    def main_work_horse(self, *args, **kwargs):
        # The forked work horse must not share the parent's pooled database connections.
        self.services.database.dispose(close=False)
        return super().main_work_horse(*args, **kwargs)


class SapaSimpleWorker(_Sapa, SimpleWorker):
    """Sapa's RQ worker running jobs in its own process, without a fork: what `python -m workers`
    runs (bench/RESULTS.md, "Jobs": less CPU and time a job, and the pooled database connections
    kept, which a forked work horse must give up and open again for every job)."""


def maintain(services: Services) -> None:
    """Re-queue what was left behind and mirror the languages; never raise, since an exception here
    would end RQ's loop and the worker with it: the next maintenance tries again."""
    try:
        requeued = sweep(services)
        if requeued:
            log.info("re-queued %d message(s) left behind", requeued)
    except Exception:
        log.exception("the sweep failed; trying again at the next maintenance")
    try:
        mirrored = mirror_languages(services.database, services.redis, services.phone_keys)
        if mirrored is not None:
            log.info("mirrored %d chosen language(s) into Redis", mirrored)
    except Exception:
        log.exception("mirroring the languages failed; hops ask the database until the next try")


def make_worker(services: Services, worker_class: type[BaseWorker] | None = None) -> BaseWorker:
    """Build the worker (simple unless told); job arguments (row ids, never phones) are kept out of
    its log anyway."""
    queues = [Queue(name, connection=services.redis) for name in QUEUES]
    return (worker_class or SapaSimpleWorker)(
        queues, services=services, connection=services.redis, maintenance_interval=MAINTENANCE_SECONDS,
        worker_ttl=WORKER_TTL, log_job_description=False)
