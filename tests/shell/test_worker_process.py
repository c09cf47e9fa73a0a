"""The worker process keeps running when its periodic sweep fails, sweeps every ten seconds, and
sends a heartbeat every five while a job runs (so a dead one is noticed within half a minute)."""

import logging

from gateway.services import services_of
from workers.health import alive_here
from workers.worker import make_worker


def test_a_failing_sweep_is_logged_and_the_worker_carries_on(app_with, unreachable_database_url, caplog):
    services = services_of(app_with(DATABASE_URL=unreachable_database_url))
    worker = make_worker(services)
    with caplog.at_level(logging.ERROR, logger="workers"):
        worker.run_maintenance_tasks()  # the sweep cannot reach the database
        worker.run_maintenance_tasks()
    assert [r.message for r in caplog.records].count(
        "the sweep failed; trying again at the next maintenance") == 2


def test_the_worker_sweeps_every_ten_seconds_beats_every_five_and_logs_no_job_arguments(app):
    worker = make_worker(services_of(app))
    assert worker.maintenance_interval == 10
    assert worker.dequeue_timeout <= 10
    assert worker.job_monitoring_interval == 5
    assert worker.log_job_description is False


def test_the_container_health_check_wants_a_worker_on_its_own_host_that_beat_lately(app):
    worker = make_worker(services_of(app))
    worker.register_birth()
    connection = services_of(app).redis
    assert alive_here(connection, worker.hostname)
    assert not alive_here(connection, "another-host")
    connection.hset(worker.key, "last_heartbeat", "2020-01-01T00:00:00.000000Z")
    assert not alive_here(connection, worker.hostname)
