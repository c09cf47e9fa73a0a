"""`python -m workers.health`: exit 0 when a worker on this host sent a heartbeat lately, else 1.

The container health check of docker-compose.yml's worker service; it reads only REDIS_URL.
"""

import os
import socket
import sys
from datetime import UTC, datetime, timedelta

import redis
from rq import Worker

SILENT_AFTER = timedelta(seconds=45)  # idle workers beat every 10 s, busy ones every 5 s


def alive_here(connection: redis.Redis, host: str) -> bool:
    oldest = datetime.now(UTC) - SILENT_AFTER
    return any(w.hostname == host and w.last_heartbeat and w.last_heartbeat.replace(tzinfo=UTC) > oldest
               for w in Worker.all(connection=connection))


def main() -> int:
    try:
        with redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5) as connection:
            alive = alive_here(connection, socket.gethostname())
    except (KeyError, redis.RedisError) as exc:
        print(f"worker health unknown: {type(exc).__name__}", file=sys.stderr)
        return 1
    print("worker alive" if alive else "no live worker on this host", file=sys.stderr)
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
