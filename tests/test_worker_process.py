"""The worker process keeps running when its periodic sweep fails, and sweeps about every minute."""

import logging

from sqlalchemy.exc import OperationalError

import workers.__main__ as worker_main


def test_a_failing_sweep_is_logged_and_the_worker_carries_on(monkeypatch, redis_client, caplog):
    calls = []

    def broken_sweep():
        calls.append(1)
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(worker_main, "sweep", broken_sweep)
    worker = worker_main.make_worker(redis_client)
    with caplog.at_level(logging.ERROR, logger="workers"):
        worker.run_maintenance_tasks()
        worker.run_maintenance_tasks()
    assert len(calls) == 2
    assert [r.message for r in caplog.records].count(
        "the sweep failed; trying again at the next maintenance") == 2


def test_the_worker_dequeues_briefly_enough_to_sweep_every_minute_and_logs_no_job_arguments(redis_client):
    worker = worker_main.make_worker(redis_client)
    assert worker.maintenance_interval == 60
    assert worker.dequeue_timeout <= 60
    assert worker.log_job_description is False
