"""Measure what the live catalog costs a hop: `services.catalog` when no check is due (most hops),
when one is due (one Redis GET, at most once a second per process), and a Redis PING baseline.

    .venv/bin/python bench/catalog_check.py [--runs 3000]
"""

import argparse
import platform
import secrets
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ussd_hop import timed  # noqa: E402 (bench/ is on the path when a script here runs)

from devstack.redis_server import EmbeddedRedis  # noqa: E402
from gateway import create_app  # noqa: E402
from gateway.bootstrap import read_settings  # noqa: E402
from gateway.services import services_of  # noqa: E402
from gateway.store.database import make_engine  # noqa: E402
from gateway.store.schema import upgrade  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3000)
    runs = parser.parse_args().runs
    redis_server = EmbeddedRedis().start()
    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/bench.db"
    upgrade(make_engine(url))
    app = create_app(read_settings({"SAPA_ENV": "development", "REDIS_URL": redis_server.url,
                                    "DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(32),
                                    "DATA_KEY": new_data_key()}))
    services = services_of(app)
    catalogs = services.catalogs
    rows = [("baseline: Redis PING (one round trip)", timed(services.redis.ping, runs)),
            ("services.catalog, no check due (most hops)", timed(lambda: services.catalog, runs))]
    catalogs.every = 0.0  # every access is now a due check: one GET of the version key
    rows.append(("services.catalog, a check due (one hop a second)", timed(lambda: services.catalog, runs)))
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()} "
          f"{platform.release()}\nCommand: .venv/bin/python bench/catalog_check.py --runs {runs}\n")
    print("| what | median µs | p95 µs | runs |\n| --- | --- | --- | --- |")
    for name, samples in rows:
        p95 = statistics.quantiles(samples, n=20)[-1]
        print(f"| {name} | {statistics.median(samples):,.1f} | {p95:,.1f} | {len(samples)} |")
    services.close()
    redis_server.stop()


if __name__ == "__main__":
    main()
