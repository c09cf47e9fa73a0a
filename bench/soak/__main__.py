"""`python -m bench.soak [--minutes M] [--residents N]`: the soak test with faults (see __init__).

Reads the PostgreSQL URL from TEST_DATABASE_URL (or SOAK_DATABASE_URL) and works in a database of
its own beside it (<name>_soak), which it creates and drops. Everything it starts listens on
127.0.0.1 only, and every loop is bounded in time. Exits 0 only when every check passes.
"""

import argparse
import logging
import os
import sys
import threading
import time

from .faults import cut_the_database, kill_a_worker_mid_send, make_the_provider_fail, restart_redis, wait
from .residents import Resident, Tally
from .stack import Stack
from .verify import check, drained

RECOVERY_LIMIT = 60.0  # every fault must be behind us well within a minute


def say(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--minutes", type=float, default=2.5, help="how long residents keep coming")
    parser.add_argument("--residents", type=int, default=6, help="residents dialling at once")
    args = parser.parse_args(argv)
    url = os.environ.get("SOAK_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        say("soak: set TEST_DATABASE_URL to a PostgreSQL database (the soak makes <name>_soak beside it)")
        return 2
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the stand-in's request lines
    started = time.monotonic()
    until = started + args.minutes * 60
    with Stack(url, say) as stack:
        say(f"soak: stack ready in {time.monotonic() - started:.0f} s at {stack.base_url}; "
            f"{args.residents} residents for {args.minutes:g} min")
        tally, stop = Tally(), threading.Event()
        residents = [Resident(stack.base_url, stack.token, tally, stop, seed=n)
                     for n in range(args.residents)]
        for resident in residents:
            resident.start()
        faults = []
        rounds = 0
        while True:
            time.sleep(10)
            for name, fault in (("worker SIGKILLed mid-send", lambda: kill_a_worker_mid_send(stack)),
                                ("Redis restarted", lambda: restart_redis(stack, down=6)),
                                ("database unreachable", lambda: cut_the_database(stack, down=8)),
                                ("provider failing", lambda: make_the_provider_fail(stack, down=10))):
                say(f"soak: fault: {name}")
                result = fault()
                faults.append((name, result))
                say(f"soak:   recovered in {result['recovery_s']} s ({result['detail']})")
                time.sleep(5)
            rounds += 1
            if time.monotonic() + 150 > until:  # a round of faults takes about two minutes
                break
        wait(lambda: time.monotonic() >= until, max(until - time.monotonic(), 0) + 1)
        stop.set()
        for resident in residents:
            resident.join(100)
        engine = stack.engine()
        drain = wait(lambda: drained(engine), 180)
        say(f"soak: residents stopped; queue drained in {drain} s")
        results = check(engine, stack.provider, tally, faults, RECOVERY_LIMIT)
        engine.dispose()
        if not all(ok for _, ok, _ in results):
            say("soak: the processes' last lines:\n" + stack.tail())
    passed = sum(ok for _, ok, _ in results)
    say(f"soak: {rounds} round(s) of 4 faults in {(time.monotonic() - started) / 60:.1f} min")
    say(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
