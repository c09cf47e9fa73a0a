"""Answer every client error with a short plain-text message instead of an HTML page."""

from flask import Flask
from werkzeug.exceptions import HTTPException

from ..errors import BadPayloadError


def init_app(app: Flask) -> None:
    @app.errorhandler(BadPayloadError)
    def bad_payload(error: BadPayloadError):
        return _plain(400, f"Bad request: {error}")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # a page made for this error (the log-in limit's, say)
            return error.response
        return _plain(error.code or 500, f"{error.code} {error.name}: {error.description}")


def _plain(status: int, message: str):
    return message + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}
