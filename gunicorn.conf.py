"""gunicorn's settings for Sapa, read from the working directory (`make run`, the image, systemd).

A hop must be answered within the operator's ~10 s, so a request that takes longer than `timeout`
is cut and its worker replaced; no access log (callback URLs carry the token); error lines as JSON.
"""

import os
from pathlib import Path

from gunicorn.glogging import Logger
from prometheus_client import multiprocess

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 8
graceful_timeout = 10
keepalive = 5
accesslog = None
errorlog = "-"


class NoAccessLog(Logger):
    """gunicorn's logger without the access log. With a logconfig_dict set, gunicorn builds every
    request's access-log fields and then drops them (the access logger has no handler): about 5% of
    a USSD hop's CPU under load (bench/RESULTS.md)."""

    def access(self, resp, req, environ, request_time) -> None:
        return None


logger_class = NoAccessLog
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "gateway.logs.json_formatter", "process": "gunicorn"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
}


def on_starting(server) -> None:
    """Empty the metrics folder: counts of processes gone would be added to the new ones."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        for path in Path(folder).glob("*.db"):
            path.unlink(missing_ok=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:
    """Tell prometheus_client that a worker is gone (its gauges no longer count)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)

