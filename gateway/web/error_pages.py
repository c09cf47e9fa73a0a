"""Answer every client error with a short plain-text message instead of an HTML page, and a lost
database with a 503 that says to try again, never a 500."""

import logging

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..errors import BadPayloadError
from ..metrics import LIMITS

log = logging.getLogger(__name__)
RETRY_AFTER = "30"


def init_app(app: Flask) -> None:
    @app.errorhandler(BadPayloadError)
    def bad_payload(error: BadPayloadError):
        return _plain(400, f"Bad request: {error}")

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge):
        LIMITS.labels("body_too_large").inc()
        return _plain(413, f"413 {error.name}: {error.description}")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # a page made for this error (the log-in limit's, say)
            return error.response
        return _plain(error.code or 500, f"{error.code} {error.name}: {error.description}")

    @app.errorhandler(SQLAlchemyError)
    def database_down(error: SQLAlchemyError):
        # Read-only, unreachable or gone: the page cannot be served now, and saying so beats a 500.
        log.error("database error answered with 503: %s", type(error).__name__)
        body, status, headers = _plain(503, "503 Service Unavailable: the database cannot be reached; "
                                            "please try again in a minute.")
        return body, status, {**headers, "Retry-After": RETRY_AFTER}


def _plain(status: int, message: str):
    return message + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}
