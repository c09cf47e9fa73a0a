"""Give every request an id (the caller's X-Request-Id, or a new one), for the log lines it writes
and the jobs it queues, and send it back in the response."""

from flask import Flask, g, request

from ..logs import HEADER, new_request_id, request_id


def init_app(app: Flask) -> None:
    @app.before_request
    def take_request_id():
        g.request_id_token = request_id.set(new_request_id(request.headers.get(HEADER)))

    @app.after_request
    def send_request_id(response):
        response.headers[HEADER] = request_id.get()
        return response

    @app.teardown_request
    def forget_request_id(_error):
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id.reset(token)
