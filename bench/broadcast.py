"""A broadcast to 10,000 residents: time to queue it, time until the last recipient is handed to a
provider that takes 200 ms a request, and USSD latency while that runs, against idle.

    make bench-broadcast   (or: .venv/bin/python bench/broadcast.py [--recipients 10000] [--workers 2])

Real parts: the staff console's send (its view, in-process), two `python -m workers` processes
(as deployed; `--worker fork` for the forking kind), the Africa's Talking SDK against the test
suite's stand-in (tests/support/provider_stand_in.py) answering after `--latency` seconds, and
gunicorn -w 2 serving /ussd to wrk (bench/hops.lua) before and during the hand-over. Redis is
private, on loopback.
"""

import argparse
import logging
import math
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from rq import Worker
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from http_hops import TOKEN, free_port, gunicorn, loopback_redis, machine, process, run_wrk, wait_for  # noqa: E402

from gateway import create_app  # noqa: E402
from gateway.bootstrap import read_settings  # noqa: E402
from gateway.jobs import BATCH_SIZE  # noqa: E402
from gateway.services import services_of  # noqa: E402
from gateway.store.messages import MessageStatus, OutboundSms  # noqa: E402
from gateway.store.phones import PhonePreference, mirror_languages  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402
from tests.staff.test_staff_notices import preview_and_send  # noqa: E402
from tests.support.provider_stand_in import ProviderStandIn  # noqa: E402
from tests.support.staff import signed_in  # noqa: E402

TEXT = "Vaksinasi gratis hari Sabtu 08.00-12.00 di balai RW 07. Bawa KTP dan KK. Info: kantor kelurahan."


def handed_over(stand_in: ProviderStandIn) -> int:
    return sum(len(call["to"].split(",")) for call in list(stand_in.calls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds the provider takes a request")
    parser.add_argument("--seconds", type=int, default=10, help="the idle wrk run")
    parser.add_argument("--ussd-rate", type=int, default=200, help="hops a second wrk paces itself to, "
                        "idle and during (0: as fast as it can, which starves the workers of CPU)")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--worker", choices=("simple", "fork"), default="simple",
                        help="simple: `python -m workers` as deployed; fork: `python -m workers --fork`")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="sapa-bench-"))
    with ExitStack() as stack:
        redis_url = stack.enter_context(loopback_redis(folder))
        stand_in = stack.enter_context(ProviderStandIn(latency=args.latency))
        env = {**os.environ, "SAPA_ENV": "development", "REDIS_URL": redis_url,
               "DATABASE_URL": args.database_url or f"sqlite:///{folder}/bench.db",
               "SECRET_KEY": secrets.token_urlsafe(32), "DATA_KEY": new_data_key(),
               "CALLBACK_TOKEN": TOKEN, "SMS_PROVIDER": "africastalking", "AT_USERNAME": stand_in.username,
               "AT_API_KEY": stand_in.api_key, "AT_API_BASE_URL": stand_in.url, "QUIET_HOURS": "off",
               "SIMULATOR_ENABLED": "0"}
        subprocess.run([sys.executable, "-m", "flask", "--app", "gateway", "db", "upgrade"], env=env,
                       cwd=ROOT, check=True, capture_output=True)
        app = create_app(read_settings(env))
        services = services_of(app)
        phones = [f"+62813{n:08d}" for n in range(args.recipients)]
        with Session(services.database) as db, db.begin():
            db.execute(insert(PhonePreference), [{"phone": p, "broadcasts": True} for p in phones])
        mirror_languages(services.database, services.redis, services.phone_keys)
        port = free_port()
        stack.enter_context(process(gunicorn("gateway:create_app()", port, 2, env), env))
        wait_for(port)
        url = f"http://127.0.0.1:{port}/ussd?token={TOKEN}"
        print(f"Machine: {machine(redis_url)}")
        print(f"Command: .venv/bin/python bench/broadcast.py --recipients {args.recipients} --workers "
              f"{args.workers} --latency {args.latency} --seconds {args.seconds} --worker {args.worker} "
              f"--ussd-rate {args.ussd_rate}"
              f"{' --database-url (PostgreSQL)' if args.database_url else ''}\n")
        run_wrk(url, 5, 8, 90, check_sapa=True, rate=args.ussd_rate)  # warm up
        for n in range(args.workers):
            worker = [sys.executable, "-m", "workers", *(["--fork"] if args.worker == "fork" else [])]
            stack.enter_context(process(worker, env, log=folder / f"worker{n}.log"))
        deadline = time.monotonic() + 30
        while len(Worker.all(connection=services.redis)) < args.workers and time.monotonic() < deadline:
            time.sleep(0.2)
        busy: dict = {}
        # wrk runs through the whole hand-over: its floor, and a margin.
        during = math.ceil(args.recipients / BATCH_SIZE * args.latency / args.workers) + 3
        load = threading.Thread(target=lambda: busy.update(run_wrk(url, during, 8, 92, check_sapa=True,
                                                                          rate=args.ussd_rate)))
        client = signed_in(app)
        load.start()
        time.sleep(0.5)
        began = time.monotonic()
        preview_and_send(client, {"mode": "broadcast", "rt_rw": "", "text": TEXT, "step": "preview"})
        queued = time.monotonic() - began  # the preview's page too: what the petugas waits for
        last = None
        while time.monotonic() < began + 300:
            if handed_over(stand_in) >= args.recipients:
                last = time.monotonic() - began
                break
            time.sleep(0.05)
        load.join()
        # The same USSD load with no broadcast running (the workers idle, waiting), for comparison.
        idle = run_wrk(url, args.seconds, 8, 91, check_sapa=True, rate=args.ussd_rate)
        deadline = time.monotonic() + 30  # the last batch records its receipts after the hand-over
        while True:
            with Session(services.database) as db:
                counts = dict(db.execute(select(OutboundSms.status, func.count())
                                         .group_by(OutboundSms.status)).all())
            if counts.get(MessageStatus.SENT, 0) >= args.recipients or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        requests = len(stand_in.calls)
        print("| what | figure |\n| --- | --- |")
        print(f"| recipients | {args.recipients:,} in {requests} provider requests of up to {BATCH_SIZE} |")
        print(f"| queue the broadcast (preview + send, as the console does) | {queued:.2f} s |")
        print(f"| last recipient handed over, from the send ({args.workers} workers, "
              f"{args.latency * 1000:.0f} ms a request) | "
              f"{f'{last:.1f} s' if last else 'not within 300 s'} |")
        print(f"| the floor: {requests} requests x {args.latency:.1f} s / {args.workers} workers | "
              f"{requests * args.latency / args.workers:.1f} s |")
        print(f"| USSD idle: hops/s, p50, p99 | {idle['rps']:,.0f}/s, {idle['p50_us'] / 1000:.1f} ms, "
              f"{idle['p99_us'] / 1000:.1f} ms |")
        print(f"| USSD during the hand-over: hops/s, p50, p99 | {busy['rps']:,.0f}/s, "
              f"{busy['p50_us'] / 1000:.1f} ms, {busy['p99_us'] / 1000:.1f} ms "
              f"({busy['p99_us'] / max(idle['p99_us'], 1):.1f}x idle) |")
        print(f"| message rows by status | {', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))} |")
        wrong = idle["wrong_screens"] + busy["wrong_screens"] + idle["non_2xx"] + busy["non_2xx"]
        print(f"| wrong USSD screens or errors | {wrong} |")
        assert counts.get(MessageStatus.SENT, 0) == args.recipients, "not every recipient was sent"
        services.close()


if __name__ == "__main__":
    main()
