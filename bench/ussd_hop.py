"""Measure what a USSD hop costs, against baselines measured in the same run.

    make bench        (or: .venv/bin/python bench/ussd_hop.py [--hops 3000])

Figures: the pure engine alone; a full hop through the Flask app on real Redis and SQLite; and two
baselines on the same machine and run: GET /healthz (Flask with no I/O) and one Redis PING. The
provider gives a hop about 10 s; the point is to show how far below that we are, and where it goes.
"""

import argparse
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devstack.redis_server import EmbeddedRedis  # noqa: E402
from gateway import create_app  # noqa: E402
from gateway.bootstrap import read_settings  # noqa: E402
from gateway.services import services_of  # noqa: E402
from gateway.store.schema import upgrade  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402
from menus import Context, handle, start  # noqa: E402
from menus.resources import default_catalog, default_texts  # noqa: E402

JOURNEY = ["1", "7", "98", "98", "0", "00"]


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1e6)
    return samples


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"| {name} | {statistics.median(samples):,.0f} | {p95:,.0f} | {len(samples)} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hops", type=int, default=3000)
    hops = parser.parse_args().hops
    server = EmbeddedRedis().start()
    folder = tempfile.mkdtemp(prefix="sapa-bench-")
    settings = read_settings({"SAPA_ENV": "development", "REDIS_URL": server.url,
                                  "DATABASE_URL": f"sqlite:///{folder}/bench.db",
                                  "SECRET_KEY": secrets.token_urlsafe(32), "DATA_KEY": new_data_key()})
    app = create_app(settings)
    upgrade(services_of(app).database)
    client = app.test_client()
    ctx = Context(default_catalog(), default_texts())
    counter = iter(range(10**9))

    def engine_journey_hop():
        reply = start(ctx)
        for key in JOURNEY:
            reply = handle(reply.state, key, ctx)

    def full_journey():
        session = f"b{next(counter)}"
        text = ""
        for key in ["", *JOURNEY]:
            text = f"{text}*{key}" if text else key
            client.post("/ussd", data={"sessionId": session, "phoneNumber": "+6281234567890",
                                       "serviceCode": "*384*123#", "text": text})

    ping = redis.Redis.from_url(server.url)
    rows = [
        summary("baseline: Redis PING (one round trip)", timed(ping.ping, hops)),
        summary("baseline: GET /healthz (Flask, no I/O)", timed(lambda: client.get("/healthz"), hops)),
        summary(f"engine only: a {len(JOURNEY) + 1}-hop journey", timed(engine_journey_hop, hops // 7)),
        summary(f"full: a {len(JOURNEY) + 1}-hop journey via POST /ussd",
                timed(full_journey, hops // 7)),
    ]
    per_hop = statistics.median(timed(full_journey, hops // 7)) / (len(JOURNEY) + 1)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"Machine: {platform.machine()}, {cpu}, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"Command: .venv/bin/python bench/ussd_hop.py --hops {hops}\n")
    print("| what | median µs | p95 µs | runs |\n| --- | --- | --- | --- |")
    print("\n".join(rows))
    print(f"\nFull hop, median per hop: {per_hop:,.0f} µs")
    services_of(app).close()
    server.stop()


if __name__ == "__main__":
    main()
