"""A worker killed mid-send, a lost job, Redis down at the door: nothing that was accepted is lost."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rq.executions import Execution
from sqlalchemy.orm import Session

from gateway.jobs import SEND_MESSAGE, send_job_id
from gateway.providers import Outcome, Receipt, message_ref
from gateway.services import services_of
from gateway.sms.recovery import sweep
from gateway.sms.sending import record_receipt
from gateway.store.messages import MessageStatus, Purpose, record_message
from tests.support.fake_provider import TraceableRecordingProvider
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


def left_sending(database, seconds_ago: float, attempts: int = 1) -> int:
    """A message a worker claimed `seconds_ago` and is (or was) sending."""
    with Session(database) as session, session.begin():
        message = record_message(session, "+6281234567890", "Surat Anda siap diambil.", Purpose.REPLY,
                                 f"test:sending:{seconds_ago}")
        message.status, message.attempts = MessageStatus.SENDING, attempts
        message.updated_at = datetime.now(UTC) - timedelta(seconds=seconds_ago)
        return message.id


def running(services, message_id: int, heartbeat_seconds_ago: float) -> None:
    """Put the message's send job in RQ's started registry, as a worker does, with its last heartbeat."""
    job = services.jobs.queue.enqueue(SEND_MESSAGE, message_id, job_id=send_job_id(message_id))
    with services.redis.pipeline() as pipe:
        execution = Execution.create(job, ttl=600, pipeline=pipe, worker_name="w1")
        pipe.execute()
    services.redis.hset(execution.key, "last_heartbeat", time.time() - heartbeat_seconds_ago)
    services.jobs.queue.remove(job.id)  # taken off the queue, as a worker does when it starts it


@pytest.mark.parametrize(("heartbeat_seconds_ago", "requeued"), [(2, 0), (25, 1)])
def test_a_send_whose_job_fell_silent_for_twenty_seconds_is_queued_again(sms_app, database, redis_client,
                                                                         heartbeat_seconds_ago, requeued):
    services = services_of(sms_app)
    message_id = left_sending(database, seconds_ago=30)
    running(services, message_id, heartbeat_seconds_ago)
    assert sweep(services) == requeued
    [message] = messages(database)
    assert message.status == (MessageStatus.QUEUED if requeued else MessageStatus.SENDING)


def test_a_send_claimed_moments_ago_is_left_to_its_worker(sms_app, database, redis_client):
    left_sending(database, seconds_ago=3)
    assert sweep(services_of(sms_app)) == 0


def test_a_provider_that_can_be_asked_settles_a_send_a_dead_worker_left(sms_app, database, redis_client):
    provider = TraceableRecordingProvider()
    services = replace(services_of(sms_app), provider=provider)
    taken, never_got = left_sending(database, 40), left_sending(database, 50)
    provider.send(["+6281234567890"], "Surat Anda siap diambil.", ref=message_ref(taken))
    assert sweep(services) == 2
    assert provider.lookups == [message_ref(taken), message_ref(never_got)]
    by_id = {m.id: m for m in messages(database)}
    assert by_id[taken].status == MessageStatus.SENT and by_id[taken].provider_message_id == "fake-1-0"
    assert by_id[never_got].status == MessageStatus.QUEUED
    assert services.jobs.is_live(send_job_id(never_got)) and not services.jobs.is_live(send_job_id(taken))
    assert len(provider.calls) == 1  # the sweep itself sent nothing again


def test_a_late_answer_from_a_silent_job_does_not_undo_the_attempt_that_took_over(sms_app, database):
    services = services_of(sms_app)
    message_id = left_sending(database, 0, attempts=2)
    receipt = Receipt("+6281234567890", Outcome.ACCEPTED, "101 Success", "late-id")
    assert record_receipt(services, message_id, receipt, attempt=1) == "superseded"
    assert messages(database)[0].status == MessageStatus.SENDING
