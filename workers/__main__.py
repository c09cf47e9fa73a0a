"""Start one RQ worker with its scheduler, so jobs retried with intervals run on time."""

import logging

import redis
from rq import Queue, Worker

from . import runtime

QUEUES = ("default",)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    settings = runtime.settings()
    connection = redis.Redis.from_url(settings.redis_url)
    runtime.database()  # fail at start, not on the first job, when the database URL is wrong
    queues = [Queue(name, connection=connection) for name in QUEUES]
    Worker(queues, connection=connection).work(with_scheduler=True)


if __name__ == "__main__":
    main()
