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
