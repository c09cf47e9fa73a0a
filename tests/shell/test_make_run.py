"""`python -m devstack` (what `make run` starts) serves hops, runs a worker, starts again whatever is
killed (the worker, gunicorn's master, Redis) and leaves nothing behind on SIGTERM."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

from tests.support import logscan

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child(stack: subprocess.Popen, word: str) -> psutil.Process:
    """The stack's direct child whose command line has `word`."""
    return next(p for p in psutil.Process(stack.pid).children() if word in " ".join(p.cmdline()))


def wait_until(condition, what: str, log: Path, timeout: float = 40.0) -> float:
    """Wait for `condition`; return the seconds it took."""
    started = time.monotonic()
    while True:
        try:
            if condition():
                return time.monotonic() - started
        except (requests.RequestException, StopIteration, psutil.Error):
            pass
        assert time.monotonic() - started < timeout, f"{what}: not in {timeout} s\n{log.read_text()[-3000:]}"
        time.sleep(0.2)


def test_the_dev_stack_starts_everything_and_stops_it_all_on_sigterm(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "SECRET_KEY")}
    env.update(PORT=str(port), SAPA_INSTANCE_DIR=str(tmp_path / "instance"))
    log = tmp_path / "stack.log"  # a file, not a pipe: a full pipe would block gunicorn
    logscan.remember_log(log)
    with log.open("w") as out:
        stack = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env,
                                 stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:  # refused, or a read timeout while gunicorn boots
                pass
            assert stack.poll() is None, log.read_text()
            time.sleep(0.3)
        else:
            raise AssertionError("the dev stack did not become ready within 60 s")
        def hop(session_id: str, text: str) -> str:
            return requests.post(f"http://127.0.0.1:{port}/ussd", data={
                "sessionId": session_id, "serviceCode": "*384*123#", "phoneNumber": "+6281234567890",
                "text": text}, timeout=5).text

        assert hop("dev1", "").startswith("CON Selamat datang")
        hop("dev1", "5")
        assert hop("dev1", "5*2").startswith("CON ")  # English, stored for this phone
        assert "Original KK" in hop("dev2", "1*8")
        sms = requests.post(f"http://127.0.0.1:{port}/sms/incoming", data={
            "from": "+6281234567890", "to": "98765", "text": "syarat 1", "id": "dev-sms-1"}, timeout=5)
        assert sms.status_code == 200
        deadline = time.monotonic() + 30
        while "Certificate of Domicile requirements" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        printed = log.read_text()
        assert "SMS to +628*******890 (GSM-7, 1 segment(s))" in printed
        assert "6281234567890" not in printed  # the worker's console shows masked numbers only
        family = psutil.Process(stack.pid).children(recursive=True)
        commands = [" ".join(p.cmdline()) for p in family]
        assert any("gunicorn" in c for c in commands)
        assert any("-m workers" in c for c in commands)
        assert any("redis-server" in c for c in commands)
        assert (tmp_path / "instance" / "sapa.db").exists()
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert 'sapa_ussd_hops_total{outcome="continue",screen="root"}' in metrics  # across 2 workers

        recovered = {}
        # Killed with its work horse's parent gone, the worker is started again and answers SMS.
        old_worker = child(stack, "-m workers").pid
        os.kill(old_worker, signal.SIGKILL)
        recovered["worker"] = wait_until(lambda: child(stack, "-m workers").pid != old_worker,
                                         "a new worker", log)
        sent = log.read_text().count("SMS to +628*******890")
        requests.post(f"http://127.0.0.1:{port}/sms/incoming", data={
            "from": "+6281234567890", "to": "98765", "text": "syarat 2", "id": "dev-sms-2"}, timeout=5)
        wait_until(lambda: log.read_text().count("SMS to +628*******890") > sent,
                   "the answer from the new worker", log)
        # gunicorn's master killed: a new one serves, its old workers are sent away.
        old_master = child(stack, "gunicorn").pid
        os.kill(old_master, signal.SIGKILL)
        recovered["web"] = wait_until(lambda: child(stack, "gunicorn").pid != old_master and requests.get(
            f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200, "the web answering", log)
        # redis-server killed: started again, and hops are answered again.
        os.kill(child(stack, "redis-server").pid, signal.SIGKILL)
        recovered["redis"] = wait_until(lambda: hop("dev3", "").startswith("CON "), "hops answered", log)
        printed = log.read_text()
        assert "supervisor: worker exited (killed by SIGKILL); starting it again in 1 s" in printed
        assert "supervisor: web exited (killed by SIGKILL); starting it again in 1 s" in printed
        assert "supervisor: redis exited (killed by SIGKILL)" in printed
        print(f"answering again after a kill, seconds: {recovered}")
        family = psutil.Process(stack.pid).children(recursive=True)
    finally:
        stack.send_signal(signal.SIGTERM)
        stack.wait(30)
    gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == [], [p.cmdline() for p in alive]
    assert stack.returncode == 0
