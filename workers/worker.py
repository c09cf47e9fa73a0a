"""The RQ worker Sapa runs: it binds the services to the jobs, carries each job's request id into
its log lines, beats while a job runs, outlives a lost Redis, and in its periodic maintenance sweeps
for work a dead worker left behind, keeps the phones' languages mirrored in Redis (so a hop never
asks the database for one) and queues the daily retention erasure."""

import logging
import threading
import time
import uuid

from rq import Queue, SimpleWorker, Worker
from rq.exceptions import StopRequested
from rq.worker import BaseWorker

from gateway.backoff import waits
from gateway.errors import REDIS_DOWN
from gateway.logs import job_id, request_id
from gateway.services import Services
from gateway.sms.recovery import sweep
from gateway.store.phones import mirror_languages
from gateway.whatsapp.recovery import sweep_chats

from . import jobs

QUEUES = ("default",)
# How often the sweep runs; RQ runs maintenance between dequeues, which last worker_ttl - 15 s.
MAINTENANCE_SECONDS = 10
WORKER_TTL = MAINTENANCE_SECONDS + 15
# A running job's heartbeat: the sweep takes a send whose job fell silent for four of these.
HEARTBEAT_SECONDS = 5
log = logging.getLogger("workers")


class _Sapa:
    """What Sapa adds to an RQ worker: its services bound to the jobs, request ids in the log, a
    loop that starts again after a lost Redis, and the maintenance."""

    def __init__(self, queues, services: Services, **kwargs):
        super().__init__(queues, **kwargs)
        self.services = services
        jobs.bind(services)

    def work(self, *args, **kwargs) -> bool:
        """Work until asked to stop. RQ's loop ends on a Redis error it does not expect (the
        connection waits about a minute first); start it again, with growing waits, instead."""
        worked, restarts = False, (waits(float("inf"), first=1.0, longest=30.0))
        while True:
            try:
                worked = super().work(*args, **kwargs) or worked
            except REDIS_DOWN:
                pass  # its clean-up could not reach Redis either
            except StopRequested:
                return worked
            if self.asked_to_stop or kwargs.get("burst") or kwargs.get("max_jobs"):
                return worked
            wait = next(restarts)
            log.error("the worker loop stopped (Redis unreachable?); starting it again in %.0f s", wait)
            try:
                time.sleep(wait)
            except StopRequested:
                return worked
            self.name = uuid.uuid4().hex  # the old registration may linger in Redis until it expires

    @property
    def asked_to_stop(self) -> bool:
        """True after SIGTERM or Ctrl-C (RQ notes when; it sets _stop_requested only while busy)."""
        return self._stop_requested or self._shutdown_requested_date is not None

    def perform_job(self, job, queue) -> bool:
        # The job's log lines carry the id of the request that queued it, and its own.
        tokens = request_id.set(job.meta.get("request_id", "")), job_id.set(job.id)
        try:
            return super().perform_job(job, queue)
        finally:
            request_id.reset(tokens[0])
            job_id.reset(tokens[1])

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        maintain(self.services)


class SapaWorker(_Sapa, Worker):
    """Sapa's RQ worker forking a work horse for each job (`python -m workers --fork`); its parent
    beats for the running job."""

    def main_work_horse(self, *args, **kwargs):
        # The forked work horse must not share the parent's pooled database connections.
        self.services.database.dispose(close=False)
        return super().main_work_horse(*args, **kwargs)


class SapaSimpleWorker(_Sapa, SimpleWorker):
    """Sapa's RQ worker running jobs in its own process, without a fork: what `python -m workers`
    runs (bench/RESULTS.md, "Jobs": less CPU and time a job, and the pooled database connections
    kept, which a forked work horse must give up and open again for every job)."""

    def execute_job(self, job, queue):
        """Run the job here, beating every few seconds as the forking worker's parent does: a send
        whose job falls silent is taken to be a dead worker's and sent again (gateway/sms/recovery.py)."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.job_monitoring_interval):
                try:
                    if getattr(self, "execution", None) is not None:
                        self.maintain_heartbeats(job)
                except Exception:  # a missed beat only makes the sweep look sooner
                    log.warning("could not send a job heartbeat; trying again", exc_info=True)

        beating = threading.Thread(target=beat, name="job-heartbeat", daemon=True)
        beating.start()
        try:
            return super().execute_job(job, queue)
        finally:
            stop.set()
            beating.join()


def maintain(services: Services) -> None:
    """Re-queue what was left behind, mirror the languages and queue the day's retention; never
    raise, since an exception here would end RQ's loop and the worker with it: the next maintenance
    tries again."""
    try:
        requeued = sweep(services) + sweep_chats(services)
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
    try:  # Pasal 42-44: what outlived its purpose is erased daily
        services.jobs.retention_once_a_day(services.settings.timezone)
    except Exception:
        log.exception("could not queue the retention job; trying again at the next maintenance")


def make_worker(services: Services, worker_class: type[BaseWorker] | None = None) -> BaseWorker:
    """Build the worker (simple unless told); job arguments (row ids, never phones) are kept out of
    its log anyway."""
    queues = [Queue(name, connection=services.redis) for name in QUEUES]
    return (worker_class or SapaSimpleWorker)(
        queues, services=services, connection=services.redis, maintenance_interval=MAINTENANCE_SECONDS,
        worker_ttl=WORKER_TTL, job_monitoring_interval=HEARTBEAT_SECONDS, log_job_description=False)
