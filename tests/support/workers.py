"""Make Redis say a worker is alive, as `python -m workers` does at start and with each heartbeat."""

from datetime import UTC, datetime, timedelta

from gateway.services import services_of
from workers.worker import make_worker


def with_live_worker(app, heartbeat_seconds_ago: float = 0):
    """Register a worker for the app's Redis, its last heartbeat that long ago; return the app."""
    worker = make_worker(services_of(app))
    worker.register_birth()
    beat = datetime.now(UTC) - timedelta(seconds=heartbeat_seconds_ago)
    worker.connection.hset(worker.key, "last_heartbeat", beat.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    return app
