"""`python -m workers [--fork]`: one RQ worker with its scheduler, so jobs retried with intervals run
on time. It runs jobs in its own process; `--fork` forks a work horse for each job instead (isolation
from a job that leaks or crashes, at a fork and new database connections a job).

At start and every minute after, it also re-queues messages a lost job or a dead worker left, and
mirrors the phones' chosen languages into Redis when the copy is missing.
"""

import argparse
import logging

from gateway.bootstrap import bootstrap, read_settings

from .worker import SapaSimpleWorker, SapaWorker, maintain, make_worker


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m workers")
    parser.add_argument("--fork", action="store_true", help="fork a work horse for each job")
    fork = parser.parse_args().fork
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    # Settings, catalog and database are checked at start, not on the first job.
    services = bootstrap(read_settings())
    services.database.connect().close()
    maintain(services)
    make_worker(services, SapaWorker if fork else SapaSimpleWorker).work(with_scheduler=True)


if __name__ == "__main__":
    main()
