"""`python -m workers`: one RQ worker with its scheduler, so jobs retried with intervals run on time.

It waits for Redis and the database at start, sweeps for work left behind, then works; every few
seconds after, it sweeps again (workers/worker.py).
"""

import logging
import time

from sqlalchemy import text

from gateway.backoff import out_of_reach, waits
from gateway.bootstrap import bootstrap, read_settings
from gateway.logs import configure_logging
from gateway.services import Services
from gateway.sms.recovery import sweep

from .worker import make_worker

log = logging.getLogger("workers")


def wait_for_dependencies(services: Services) -> None:
    """Return once Redis and the database both answer; say what is missing while waiting."""
    for wait in waits(float("inf"), first=1.0, longest=30.0):
        try:
            services.redis.ping()
            with services.database.connect() as connection:
                connection.execute(text("SELECT 1"))
            return
        except Exception as exc:
            if not out_of_reach(exc):
                raise
            log.warning("waiting for Redis and the database (%s); trying again in %.0f s",
                        type(exc).__name__, wait)
        time.sleep(wait)


def main() -> None:
    configure_logging("worker")
    # Settings and catalog are checked at start, not on the first job.
    services = bootstrap(read_settings(), patient=True)
    wait_for_dependencies(services)
    sweep(services)
    make_worker(services).work(with_scheduler=True)


if __name__ == "__main__":
    main()
