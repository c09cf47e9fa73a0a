"""Log lines as one JSON object each, carrying the request id of the hop or callback being served
(and, in a worker, the id of the job), so a hop can be followed into the jobs it queued.

The request id comes from the caller's X-Request-Id header or is made here; gateway/jobs.py puts it
in every job's meta, and the worker sets it again before running the job. Nothing here adds personal
data: callers keep masking phone numbers and never log NIK, texts or tokens.
"""

import logging
import re
import sys
import uuid
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-Id"
request_id: ContextVar[str] = ContextVar("request_id", default="")
job_id: ContextVar[str] = ContextVar("job_id", default="")
# A caller's id is kept only when it is short and plain: it lands in every log line.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
FIELDS = {"levelname": "level", "name": "logger"}


def new_request_id(given: str | None = None) -> str:
    """The caller's request id when it is a plain one, else a fresh one."""
    return given if given and ACCEPTED_ID.fullmatch(given) else uuid.uuid4().hex


class ContextFilter(logging.Filter):
    """Add the current request id and job id to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        if job_id.get():
            record.job_id = job_id.get()
        return True


def json_formatter(process: str) -> logging.Formatter:
    """A formatter that writes timestamp, level, logger, message, request id (and job id) as JSON."""
    return JsonFormatter("{levelname}{name}{message}{request_id}", style="{", rename_fields=FIELDS,
                         timestamp=True, static_fields={"process": process})


def configure_logging(process: str, level: int = logging.INFO) -> None:
    """Send this process's log lines to stderr as JSON; leave a logging set-up that exists alone
    (a test runner's), only adding the request and job ids to it."""
    root = logging.getLogger()
    root.setLevel(level)
    if root.handlers:
        for handler in root.handlers:
            if not any(isinstance(f, ContextFilter) for f in handler.filters):
                handler.addFilter(ContextFilter())
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(json_formatter(process))
    handler.addFilter(ContextFilter())
    root.addHandler(handler)
