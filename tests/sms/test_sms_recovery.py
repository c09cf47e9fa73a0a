"""A worker killed mid-send, a lost job, Redis down at the door: nothing that was accepted is lost."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from gateway.jobs import send_job_id
from gateway.services import services_of
from gateway.sms.recovery import sweep
from gateway.store.messages import MessageStatus, Purpose, record_message
from tests.support.sms import messages, post_incoming

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_worker_killed_mid_send_loses_nothing(sms_app, sms_environ, stand_in, run_worker, database):
    stand_in.script = ["hang:30"]  # the provider takes the request and never answers in time
    post_incoming(sms_app.test_client(), "INFO")
    worker = subprocess.Popen([sys.executable, "-m", "workers"], cwd=ROOT, env={**os.environ, **sms_environ},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: len(stand_in.calls) == 1)
        assert messages(database)[0].status == MessageStatus.SENDING
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work-horse die mid-send
        worker.wait()
    assert sweep(services_of(sms_app), stale_after=timedelta(0)) == 1  # what the next worker does at start
    run_worker()
    [message] = messages(database)
    assert message.status == MessageStatus.SENT and message.attempts == 2
    assert len(stand_in.calls) == 2


def test_a_message_whose_job_was_lost_is_queued_again(sms_app, stand_in, run_worker, database, redis_client):
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    post_incoming(sms_app.test_client(), "BANTUAN")
    redis_client.flushdb()  # Redis restarted without persistence: the answer job is gone
    assert sweep(services_of(sms_app), stale_after=timedelta(0)) == 1
    run_worker()
    assert len(stand_in.sent_texts()) == 2


def test_sweep_leaves_a_message_with_a_live_job_alone(sms_app, sms_app_with, stand_in, run_worker, database):
    stand_in.script = ["http500"]
    with Session(database) as session, session.begin():
        message_id = record_message(session, "+6281234567890", "Surat Anda siap diambil.", Purpose.REPLY,
                                    "test:retry").id
    jobs = services_of(sms_app_with(SMS_RETRY_SECONDS="3600")).jobs
    queue = jobs.queue
    jobs.send(message_id)
    run_worker()  # the first try fails; RQ schedules the retry for an hour later
    assert queue.fetch_job(send_job_id(message_id)).get_status() == "scheduled"
    assert messages(database)[0].status == MessageStatus.QUEUED
    assert sweep(services_of(sms_app), stale_after=timedelta(0)) == 0
    run_worker()
    assert len(stand_in.calls) == 1


def test_sweep_leaves_an_incoming_sms_whose_answer_job_waits_alone(sms_app, stand_in, run_worker):
    post_incoming(sms_app.test_client(), "INFO")
    assert sweep(services_of(sms_app), stale_after=timedelta(0)) == 0
    run_worker()
    assert len(stand_in.calls) == 1


def test_with_redis_down_an_incoming_sms_is_recorded_and_answered_later(sms_app, sms_app_with, database,
                                                                       stand_in, run_worker):
    cut_off = sms_app_with(REDIS_URL="redis://127.0.0.1:1/0")
    response = post_incoming(cut_off.test_client(), "INFO")
    assert response.status_code == 200  # recorded in SQL: the provider need not post it again
    assert sweep(services_of(sms_app), stale_after=timedelta(0)) == 1
    run_worker()
    assert len(stand_in.sent_texts()) == 1
