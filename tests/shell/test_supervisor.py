"""The supervisor starts a program again each time it exits, waiting 1, 2, 4... up to 30 s, says so,
forgets the waits once a program has run steadily, and stops everything only when asked."""

import sys
import time
from pathlib import Path

import psutil

from devstack.supervisor import Program, Supervisor

ROOT = Path(__file__).resolve().parents[2]
EXITS = Program("flaky", [sys.executable, "-c", "raise SystemExit(3)"])
SLEEPS = Program("steady", [sys.executable, "-c", "import time; time.sleep(60)"])


def exited(supervisor: Supervisor) -> None:
    entry = supervisor.running[0]
    entry.process.wait(10)


def test_an_exiting_program_is_started_again_with_doubling_waits_up_to_thirty_seconds():
    told = []
    supervisor = Supervisor({}, ROOT, tell=told.append)
    supervisor.add(EXITS)
    try:
        now = time.monotonic()
        for _ in range(7):
            exited(supervisor)
            supervisor.check(now)
            now += 31
            supervisor.check(now)  # due: started again
    finally:
        supervisor.stop()
    waits = [line.split(" in ")[-1] for line in told if "exited" in line]
    assert waits == ["1 s", "2 s", "4 s", "8 s", "16 s", "30 s", "30 s"]
    assert told[0] == "flaky exited (exit code 3); starting it again in 1 s"
    assert told[1].startswith("flaky started again (pid ")


def test_a_program_that_ran_a_minute_starts_again_after_the_first_wait():
    told = []
    supervisor = Supervisor({}, ROOT, tell=told.append)
    supervisor.add(EXITS)
    try:
        for _ in range(3):
            exited(supervisor)
            supervisor.check(supervisor.running[0].started + 61)  # it "ran" a minute each time
            supervisor.check(supervisor.running[0].restart_at)
    finally:
        supervisor.stop()
    assert [line for line in told if "exited" in line] == [
        "flaky exited (exit code 3); starting it again in 1 s"] * 3


def test_stop_ends_every_program_and_its_children():
    supervisor = Supervisor({}, ROOT, tell=lambda line: None)
    supervisor.add(SLEEPS)
    supervisor.add(Program("parent", [sys.executable, "-c",
                                      "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', "
                                      "'import time; time.sleep(60)']); time.sleep(60)"]))
    time.sleep(0.5)
    family = [p for entry in supervisor.running for p in [psutil.Process(entry.process.pid),
                                                           *psutil.Process(entry.process.pid).children()]]
    assert len(family) == 3
    supervisor.stop(grace=5)
    gone, alive = psutil.wait_procs(family, timeout=5)
    assert alive == []
