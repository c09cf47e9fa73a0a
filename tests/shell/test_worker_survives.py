"""A worker outlives its dependencies: Redis stopped under a running job, then back, and it works on."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from devstack.redis_server import EmbeddedRedis
from gateway.store.messages import MessageStatus
from tests.support.sms import messages, post_incoming

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_a_worker_waits_out_redis_stopping_under_a_running_job_and_works_on(
        sms_environ, make_app, stand_in, database, tmp_path):
    redis_server = EmbeddedRedis(tmp_path / "redis", persist=True).start()
    environ = {**sms_environ, "REDIS_URL": redis_server.url}
    client = make_app(environ).test_client()
    stand_in.script = ["hang:3"]  # the provider is slow: the job is running when Redis goes away
    with (tmp_path / "worker.log").open("w") as log:
        worker = subprocess.Popen([sys.executable, "-m", "workers"], cwd=ROOT, env={**os.environ, **environ},
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        post_incoming(client, "INFO")
        wait_for(lambda: len(stand_in.calls) == 1, what="the first send")
        redis_server.stop()
        time.sleep(5)
        redis_server.start()
        wait_for(lambda: messages(database)[0].status == MessageStatus.SENT, what="the first SMS sent")
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
        post_incoming(client, "BANTUAN")
        wait_for(lambda: len(stand_in.sent_texts()) == 2, what="the second SMS sent")
        assert worker.poll() is None
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(15)
        finally:
            worker.kill()
            worker.wait()
            redis_server.stop()
    assert [m.status for m in messages(database)] == [MessageStatus.SENT, MessageStatus.SENT]
    printed = (tmp_path / "worker.log").read_text()
    assert "quitting" not in printed and "starting it again" not in printed
    assert worker.returncode == 0  # SIGTERM still stops it
