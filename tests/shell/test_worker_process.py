"""The worker process keeps running when its periodic sweep fails, and sweeps about every minute."""

import logging
import os

from rq import Queue, SimpleWorker

from gateway.services import services_of
from workers.worker import SapaSimpleWorker, SapaWorker, make_worker


def test_a_failing_sweep_is_logged_and_the_worker_carries_on(app_with, unreachable_database_url, caplog):
    services = services_of(app_with(DATABASE_URL=unreachable_database_url))
    worker = make_worker(services)
    with caplog.at_level(logging.ERROR, logger="workers"):
        worker.run_maintenance_tasks()  # the sweep cannot reach the database
        worker.run_maintenance_tasks()
    assert [r.message for r in caplog.records].count(
        "the sweep failed; trying again at the next maintenance") == 2


def test_the_worker_dequeues_briefly_enough_to_sweep_every_minute_and_logs_no_job_arguments(app):
    worker = make_worker(services_of(app))
    assert worker.maintenance_interval == 60
    assert worker.dequeue_timeout <= 60
    assert worker.log_job_description is False


def test_the_worker_runs_jobs_in_its_own_process_unless_told_to_fork(app):
    """rq's SimpleWorker is no subclass of Worker: a class listing Worker first would still fork."""
    services = services_of(app)
    assert isinstance(make_worker(services), SapaSimpleWorker)
    job = Queue("default", connection=services.redis).enqueue("os.getpid")
    make_worker(services).work(burst=True)
    assert job.latest_result().return_value == os.getpid()
    assert not isinstance(make_worker(services, SapaWorker), SimpleWorker)
