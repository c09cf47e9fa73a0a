"""What the soak runs: its own PostgreSQL database behind a TCP proxy, its own Redis (append-only,
on a loopback port), the provider stand-in, and gunicorn (two workers) plus two RQ workers under
devstack's supervisor, which starts again whatever the soak kills."""

import os
import secrets
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from devstack.redis_server import EmbeddedRedis
from devstack.supervisor import Program, Supervisor
from gateway.store.database import make_engine
from gateway.store.schema import upgrade
from gateway.store.vault import new_data_key

from .provider import SoakProvider
from .proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]
WORKERS = ("worker-1", "worker-2")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """Start everything on enter; stop everything and drop the soak's database on exit."""

    def __init__(self, database_url: str, say=print):
        given = make_url(database_url)
        if given.get_backend_name() != "postgresql":
            raise SystemExit("the soak needs PostgreSQL (it cuts the database off through a TCP proxy): "
                             "set TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<yours>")
        self.admin_url = given
        self.url = given.set(database=f"{given.database}_soak")
        self.say = say
        self.folder = Path(tempfile.mkdtemp(prefix="sapa-soak-"))
        self.token = secrets.token_urlsafe(16)
        self.stopping = threading.Event()

    def __enter__(self) -> "Stack":
        self._create_database()
        self.redis = EmbeddedRedis(self.folder / "redis", port=free_port(), persist=True).start()
        self.provider = SoakProvider().start()
        self.proxy = TcpProxy((self.url.host or "127.0.0.1", self.url.port or 5432)).start()
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "SAPA_ENV": "production", "CALLBACK_TOKEN": self.token,
               "SECRET_KEY": secrets.token_urlsafe(32), "DATA_KEY": new_data_key(),
               "REDIS_URL": self.redis.url,
               "DATABASE_URL": self.url.set(port=self.proxy.port).render_as_string(hide_password=False),
               "SMS_PROVIDER": "africastalking", "AT_USERNAME": self.provider.username,
               "AT_API_KEY": self.provider.api_key, "AT_API_BASE_URL": self.provider.url,
               "SMS_RETRY_SECONDS": "2,4,8,8,8", "QUIET_HOURS": "off",
               "PROMETHEUS_MULTIPROC_DIR": str(self.folder / "metrics")}
        (self.folder / "metrics").mkdir()
        self.log = (self.folder / "processes.log").open("w")
        self.supervisor = Supervisor(env, ROOT, tell=lambda line: self.say(f"  supervisor: {line}"),
                                     output=self.log)
        self.supervisor.add(Program("web", [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                                            "--workers", "2", "gateway:create_app()"]))
        for name in WORKERS:
            self.supervisor.add(Program(name, [sys.executable, "-m", "workers"]))
        self.watcher = threading.Thread(target=self.supervisor.run, args=(self.stopping.is_set,), daemon=True)
        self.watcher.start()
        if self.wait_ready(90) is None:
            raise SystemExit(f"the soak's stack did not become ready:\n{self.tail()}")
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.watcher.join(5)
        self.supervisor.stop()
        self.redis.stop()
        self.provider.stop()
        self.proxy.stop()
        self.log.close()
        self._drop_database()

    def ready(self) -> bool:
        try:
            return requests.get(f"{self.base_url}/readyz", timeout=3).status_code == 200
        except requests.RequestException:
            return False

    def wait_ready(self, timeout: float) -> float | None:
        """Seconds until /readyz answers 200, or None after `timeout`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.ready():
                return time.monotonic() - started
            time.sleep(0.25)
        return None

    def engine(self):
        """The soak's database, directly (not through the proxy): for checking what was stored."""
        return make_engine(self.url.render_as_string(hide_password=False))

    def sending_worker(self) -> list[psutil.Process] | None:
        """The worker process that has a request open to the provider: the worker itself (the simple
        worker we run sends in its own process) or, under `--fork`, its work horse with the worker."""
        for name in WORKERS:
            pid = self.supervisor.pid(name)
            if pid is None:
                continue
            worker = psutil.Process(pid)
            for process in (worker, *worker.children()):
                try:
                    connections = process.net_connections("tcp")
                except psutil.Error:
                    continue
                if any(c.raddr and c.raddr.port == self.provider.port for c in connections):
                    return [process] if process is worker else [process, worker]
        return None

    def tail(self, characters: int = 3000) -> str:
        self.log.flush()
        return (self.folder / "processes.log").read_text()[-characters:]

    def _create_database(self) -> None:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.url.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{self.url.database}"'))
        admin.dispose()
        engine = self.engine()
        upgrade(engine)
        engine.dispose()

    def _drop_database(self) -> None:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.url.database}" WITH (FORCE)'))
        admin.dispose()
