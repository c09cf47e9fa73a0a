"""Serve the app from several real web processes (gunicorn), as production does."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.support import logscan

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(environ: dict, log: Path, workers: int = 3):
    """Run `gateway:create_app()` under gunicorn with `workers` processes; yield its base URL."""
    logscan.remember_secrets(environ)
    logscan.remember_log(log)
    port = free_port()
    with log.open("w") as out:  # a file, not a pipe: a full pipe would block gunicorn
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "gateway:create_app()"], cwd=ROOT, env={**os.environ, **environ}, stdout=out,
            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(15)
