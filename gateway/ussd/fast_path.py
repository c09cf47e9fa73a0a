"""Answer the provider's USSD hops (POST /ussd) in plain WSGI, ahead of Flask.

A hop is the hot path: when a notice goes out, hundreds of residents dial at once. Flask's request
machinery (its contexts, hooks, CSRF check, session interface and response object) was a fifth of a
hop's instructions, and a hop uses none of it (bench/RESULTS.md). So a well-formed, authorised hop is
answered here, by the same code as the Flask view, with the same status, headers and screen.
Everything else (another path or method, a wrong token, a malformed, oversized or multipart body)
goes on to Flask untouched, which answers it exactly as before: one place decides each refusal.
"""

import io
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from ..errors import BadPayloadError
from ..logs import HEADER, new_request_id, request_id
from ..services import Services
from ..web.callbacks import callback_allowed
from ..web.headers import HEADERS
from .answers import answer_text
from .payloads import UssdHop, parse_ussd_hop

PATH = "/ussd"
FORM = "application/x-www-form-urlencoded"
TEXT = "text/plain; charset=utf-8"
# Werkzeug registers this error handler; decoding as it does keeps both paths reading a form alike.
QUOTE_ERRORS = "werkzeug.url_quote"
WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


class UssdFastPath:
    """WSGI middleware: answer authorised, well-formed hops itself and pass every other request on."""

    def __init__(self, app: WsgiApp, services: Services, max_body: int):
        self.app, self.services, self.max_body = app, services, max_body
        self.security_headers = [(name, value) for name, value in HEADERS.items()]

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        started = time.perf_counter()
        hop = self.read_hop(environ)
        if hop is None:
            return self.app(environ, start_response)
        token = request_id.set(new_request_id(environ.get("HTTP_X_REQUEST_ID")))
        try:
            body = answer_text(self.services, hop, started).encode()
            headers = [("Content-Type", TEXT), ("Content-Length", str(len(body))),
                       *self.security_headers, (HEADER, request_id.get())]
        finally:
            request_id.reset(token)
        start_response("200 OK", headers)
        return [body]

    def read_hop(self, environ: dict) -> UssdHop | None:
        """The hop this request carries, or None when Flask should answer it (the body, if read,
        is put back for Flask to read again)."""
        query = first_values(environ.get("QUERY_STRING", ""))
        if not callback_allowed(self.services.settings.callback_token, query.get("token", ""),
                                environ.get("REMOTE_ADDR")):
            return None
        if environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower() != FORM:
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if not 0 <= length <= self.max_body:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        if len(body) != length:  # the caller went away mid-body: Flask says so
            return None
        try:
            return parse_ussd_hop(first_values(body.decode()))
        except (UnicodeDecodeError, BadPayloadError):
            return None


def first_values(encoded: str) -> dict[str, str]:
    """A URL-encoded form as a dict holding each field's first value, as Flask's `request.form.get`."""
    fields: dict[str, str] = {}
    for name, value in parse_qsl(encoded, keep_blank_values=True, errors=QUOTE_ERRORS):
        fields.setdefault(name, value)
    return fields
