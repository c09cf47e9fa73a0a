"""The RQ worker Sapa runs: it binds the services to the jobs, and its periodic maintenance also
sweeps the message table for work a lost job or a dead worker left behind."""

import logging

from rq import Queue, SimpleWorker, Worker

from gateway.services import Services
from gateway.sms.recovery import sweep
from gateway.whatsapp.recovery import sweep_chats

from . import jobs

QUEUES = ("default",)
MAINTENANCE_SECONDS = 60
# RQ runs maintenance only between dequeue timeouts (worker_ttl - 15 s, 405 s by default): a
# shorter ttl makes the sweep really run about every minute.
WORKER_TTL = MAINTENANCE_SECONDS + 15
log = logging.getLogger("workers")


class SapaWorker(Worker):
    """An RQ worker that carries Sapa's services into its jobs and sweeps during maintenance."""

    def __init__(self, queues, services: Services, **kwargs):
        super().__init__(queues, **kwargs)
        self.services = services
        jobs.bind(services)

    def main_work_horse(self, *args, **kwargs):
        # The forked work horse must not share the parent's pooled database connections.
        self.services.database.dispose(close=False)
        return super().main_work_horse(*args, **kwargs)

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        try:
            requeued = sweep(self.services) + sweep_chats(self.services)
        except Exception:
            # An exception here would end RQ's loop and the worker with it; the next sweep retries.
            log.exception("the sweep failed; trying again at the next maintenance")
            return
        if requeued:
            log.info("re-queued %d message(s) left behind", requeued)
        try:  # Pasal 42-44: what outlived its purpose is erased daily
            self.services.jobs.retention_once_a_day(self.services.settings.timezone)
        except Exception:
            log.exception("could not queue the retention job; trying again at the next maintenance")


def make_worker(services: Services, worker_class: type[Worker] = SapaWorker) -> Worker:
    """Build the worker; job arguments (row ids, never phones) are kept out of its log anyway."""
    queues = [Queue(name, connection=services.redis) for name in QUEUES]
    return worker_class(queues, services=services, connection=services.redis,
                        maintenance_interval=MAINTENANCE_SECONDS, worker_ttl=WORKER_TTL,
                        log_job_description=False)


class SapaSimpleWorker(SapaWorker, SimpleWorker):
    """The same worker running jobs in its own process, without a fork (tests, benchmarks)."""
