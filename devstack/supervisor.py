"""Run a list of programs; restart any that exits, with growing waits, and say so; stop them all
when asked (Ctrl-C or SIGTERM to `make run`), and only then.

Why our own ~100 lines: honcho (Foreman's rules) stops everything when one process exits, which is
the behaviour this replaces; supervisord and circus are daemons with their own config files and
control sockets, more to run than a developer's `make run` needs. Production restarts through
docker compose (restart: unless-stopped) or systemd (deploy/systemd/), not through this.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

FIRST_WAIT, LONGEST_WAIT = 1.0, 30.0
STEADY_AFTER = 60.0  # a program that ran this long starts again at the first wait after its next exit


@dataclass(frozen=True)
class Program:
    """A command to keep running; each runs in its own process group, so its helpers go with it."""

    name: str
    argv: list[str]
    env: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Running:
    program: Program
    process: subprocess.Popen | None = None
    started: float = 0.0
    wait: float = FIRST_WAIT
    restart_at: float | None = None


def say(line: str) -> None:
    print(f"supervisor: {line}", file=sys.stderr, flush=True)


class Supervisor:
    """Keep programs running until stop()."""

    def __init__(self, env: Mapping[str, str], cwd: Path, tell: Callable[[str], None] = say,
                 output: IO | None = None):
        self.env, self.cwd, self.tell, self.output = dict(env), cwd, tell, output
        self.running: list[Running] = []

    def add(self, program: Program) -> None:
        """Start a program and keep it running."""
        entry = Running(program)
        self.running.append(entry)
        self._start(entry, time.monotonic())

    def pid(self, name: str) -> int | None:
        entry = next((r for r in self.running if r.program.name == name), None)
        return entry.process.pid if entry and entry.process and entry.process.poll() is None else None

    def run(self, stopping: Callable[[], bool], tick: float = 0.2) -> None:
        """Watch the programs until `stopping()` says so."""
        while not stopping():
            self.check()
            time.sleep(tick)

    def check(self, now: float | None = None) -> None:
        """Notice exits and start again what is due."""
        now = time.monotonic() if now is None else now
        for entry in self.running:
            process = entry.process
            if process is not None and process.poll() is not None:
                self._leftovers(process, signal.SIGTERM)
                if now - entry.started >= STEADY_AFTER:
                    entry.wait = FIRST_WAIT
                entry.process, entry.restart_at = None, now + entry.wait
                self.tell(f"{entry.program.name} exited ({_how(process.returncode)}); "
                          f"starting it again in {entry.wait:.0f} s")
                entry.wait = min(entry.wait * 2, LONGEST_WAIT)
            elif process is None and entry.restart_at is not None and now >= entry.restart_at:
                self._start(entry, now)
                self.tell(f"{entry.program.name} started again (pid {entry.process.pid})")

    def stop(self, grace: float = 10.0) -> None:
        """Stop every program: SIGTERM to each group, then SIGKILL to what is left after `grace`."""
        alive = [r.process for r in self.running if r.process is not None]
        for process in alive:
            self._leftovers(process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in alive:
            try:
                process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                pass
            self._leftovers(process, signal.SIGKILL)
            process.wait()
        self.running.clear()

    def _start(self, entry: Running, now: float) -> None:
        entry.process = subprocess.Popen(entry.program.argv, env={**self.env, **entry.program.env},
                                         cwd=self.cwd, start_new_session=True, stdout=self.output,
                                         stderr=subprocess.STDOUT if self.output else None)
        entry.started, entry.restart_at = now, None

    @staticmethod
    def _leftovers(process: subprocess.Popen, sig: int) -> None:
        """Signal the program's process group (gunicorn's workers, RQ's scheduler)."""
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _how(returncode: int) -> str:
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exit code {returncode}"
