"""`python -m workers`: one RQ worker with its scheduler, so jobs retried with intervals run on time.

At start and every minute after, it also re-queues messages a lost job or a dead worker left, and
mirrors the phones' chosen languages into Redis when the copy is missing.
"""

import logging

from gateway.bootstrap import bootstrap, read_settings

from .worker import maintain, make_worker


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    # Settings, catalog and database are checked at start, not on the first job.
    services = bootstrap(read_settings())
    services.database.connect().close()
    maintain(services)
    make_worker(services).work(with_scheduler=True)


if __name__ == "__main__":
    main()
