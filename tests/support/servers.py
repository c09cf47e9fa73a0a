"""Serve WSGI apps over real HTTP on free local ports, logging paths without their query strings
(provider callbacks carry ?token=, and no log line may hold it)."""

import threading
from contextlib import contextmanager

from werkzeug.serving import WSGIRequestHandler, make_server


class PathOnlyRequestHandler(WSGIRequestHandler):
    """Werkzeug's request log line, with the query string left out."""

    def log_request(self, code="-", size="-"):
        path = self.path.split("?", 1)[0]
        self.log("info", '"%s %s %s" %s %s', self.command, path, self.request_version, code, size)


@contextmanager
def serving(app):
    """Serve `app` on 127.0.0.1 until the block ends; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=PathOnlyRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


class StandIn:
    """A provider's stand-in: its WSGI `app` method served over real HTTP on a free local port while
    the `with` block runs (`url` is its base URL). Subclasses call `super().__init__()` first."""

    def __init__(self):
        self.calls: list[dict] = []
        self.script: list = []
        self.lock = threading.Lock()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True,
                                  request_handler=PathOnlyRequestHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def app(self, environ, start_response):
        raise NotImplementedError

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        # shutdown() waits for serve_forever to acknowledge: only ask a thread that is serving.
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join(10)
        self.server.server_close()
