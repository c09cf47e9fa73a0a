"""Africa's Talking's SMS API as the soak needs it: it takes messages, fails on demand (HTTP 500),
refuses barred numbers (403 InvalidPhoneNumber), and can hold requests so that a worker dies while
its request is in flight. A held request whose sender vanished is not taken (the provider never
finished reading it); Africa's Talking cannot be asked later, so the other order (taken, then the
answer lost) would be sent twice: see README "The life of an SMS"."""

import json
import select
import socket
import threading
import uuid

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

BARRED = "+62899"  # numbers the soak's residents use to get a final refusal


class SoakProvider:
    def __init__(self, username: str = "soak", api_key: str = "soak-key"):
        self.username, self.api_key = username, api_key
        self.lock = threading.Lock()
        self.taken: list[tuple[str, str]] = []  # (phone, text) of every message accepted
        self.refused_500 = 0
        self.dropped: list[str] = []  # phones of held requests whose sender had gone
        self.failing = False
        self.holding = False
        self.held: list[str] = []
        self.release = threading.Event()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "SoakProvider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()

    def taken_by_phone(self) -> dict[str, list[str]]:
        with self.lock:
            found: dict[str, list[str]] = {}
            for phone, text in self.taken:
                found.setdefault(phone, []).append(text)
            return found

    def app(self, environ, start_response):
        request = Request(environ)
        if request.path != "/version1/messaging" or request.headers.get("apiKey") != self.api_key:
            return Response("no", 401)(environ, start_response)
        phones, text = request.form["to"].split(","), request.form["message"]
        if self.failing:
            with self.lock:
                self.refused_500 += 1
            return Response("Internal Server Error", 500)(environ, start_response)
        if self.holding:
            with self.lock:
                self.held.extend(phones)
            self.release.wait(30)
            if _sender_gone(environ.get("werkzeug.socket")):
                with self.lock:
                    self.dropped.extend(phones)
                return Response("", 500)(environ, start_response)
        recipients = []
        for phone in phones:
            if phone.startswith(BARRED):
                recipients.append({"statusCode": 403, "number": phone, "status": "InvalidPhoneNumber",
                                   "cost": "0", "messageId": "None"})
                continue
            with self.lock:
                self.taken.append((phone, text))
            recipients.append({"statusCode": 101, "number": phone, "status": "Success",
                               "cost": "IDR 350.0000", "messageId": f"ATXid_{uuid.uuid4().hex[:16]}"})
        body = {"SMSMessageData": {"Message": f"Sent to {len(recipients)}", "Recipients": recipients}}
        response = Response(json.dumps(body), 201)
        response.headers["Content-Type"] = "application/json"
        return response(environ, start_response)


def _sender_gone(sock: socket.socket | None) -> bool:
    """True when the client closed its end (a killed process's socket is closed by the kernel)."""
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True
