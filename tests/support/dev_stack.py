"""`make run` (`python -m devstack`) as the provider tests drive it: started on a free port with the
settings a test chooses, waited for until ready, stopped with SIGTERM with all its children."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

from tests.support import logscan
from tests.support.gunicorn import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class DevStack:
    base: str  # the web app's base URL
    process: subprocess.Popen
    log: Path  # everything the stack printed

    def ready(self) -> bool:
        try:
            return requests.get(f"{self.base}/readyz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def wait_until(self, condition: Callable[[], bool], seconds: float) -> None:
        """Wait for `condition`; fail with the stack's last lines if it dies or time runs out."""
        deadline = time.monotonic() + seconds
        while not condition():
            assert self.process.poll() is None and time.monotonic() < deadline, self.log.read_text()[-2000:]
            time.sleep(0.2)

    def commands(self) -> list[str]:
        """The command lines of every process the stack runs."""
        return [" ".join(p.cmdline()) for p in psutil.Process(self.process.pid).children(recursive=True)]


@contextmanager
def running_dev_stack(tmp_path: Path, **settings: str) -> Iterator[DevStack]:
    """Run the dev stack with `settings` over the environment (its own Redis, SQLite and secret);
    yield it once /readyz answers 200. Its log is scanned for numbers and secrets at the end of the
    test run, like every log the suite writes."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "SECRET_KEY")}
    env.update(PORT=str(free_port()), SAPA_INSTANCE_DIR=str(tmp_path / "instance"), **settings)
    log = tmp_path / "stack.log"
    logscan.remember_secrets(env)
    logscan.remember_log(log)
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "devstack"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    stack = DevStack(f"http://127.0.0.1:{env['PORT']}", process, log)
    family: list[psutil.Process] = []
    try:
        family = psutil.Process(process.pid).children(recursive=True)
        stack.wait_until(stack.ready, 60)
        family = psutil.Process(process.pid).children(recursive=True)
        yield stack
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
        psutil.wait_procs(family, timeout=10)
