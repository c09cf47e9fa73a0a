"""A local stand-in for the office phone running SMS Gateway for Android: its REST API, scripted call
by call, for the real client library to talk to; and its signed webhooks, posted to our app."""

import base64
import hashlib
import hmac
import json
import time
import uuid

from werkzeug.wrappers import Request, Response

from tests.support.servers import StandIn

SIGNING_KEY = "stand-in-signing-key"
TOKEN = "stand-in-callback-token"


class PhoneApiStandIn(StandIn):
    """Serves POST /messages and /webhooks like the app; records every call and what the phone would text.

    `script` holds what to do on each coming send, in order ("ok" once it runs out): "http500",
    "http429", "http400" (the phone refuses the number), "http401", "failed" (202 with the recipient
    Failed), "not-json" (a 2xx the client cannot read), "hang:<seconds>" (takes the message, answers
    late). The phone takes a message once per id: in "local" mode a known id is answered 202 again
    (the app's local server), in "cloud" mode 409 (the cloud server).
    """

    def __init__(self, username: str = "sms", password: str = "stand-in-password", mode: str = "local"):
        super().__init__()
        self.username, self.password, self.mode = username, password, mode
        self.taken: dict[str, dict] = {}  # what the phone holds, by message id: each is texted once
        self.webhooks: dict[str, dict] = {}  # registered with POST /webhooks, by id

    def texted(self) -> list[tuple[str, str]]:
        """(phone, text) of every SMS the phone sent over the air."""
        return [(number, m["text"]) for m in self.taken.values() for number in m["phoneNumbers"]]

    def take(self, message_id: str, phone: str, text: str) -> None:
        """Hold a message as if an earlier, unanswered request had handed it over."""
        self.taken[message_id] = {"id": message_id, "phoneNumbers": [phone], "text": text}

    def app(self, environ, start_response):
        request = Request(environ)
        path = request.path.rstrip("/")
        expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return _json({"message": "Unauthorized"}, 401)(environ, start_response)
        if request.method == "GET" and path.startswith("/messages/"):  # what became of a message
            return self._state(path.split("/", 2)[2])(environ, start_response)
        if path not in ("/messages", "/message", "/webhooks") or request.method != "POST":
            return _json({"message": "not found"}, 404)(environ, start_response)
        body = request.get_json()
        if path == "/webhooks":  # registered, or replaced when the id is known, as the app does
            self.webhooks[body["id"]] = body
            return _json(body, 201)(environ, start_response)
        with self.lock:
            action = self.script.pop(0) if self.script else "ok"
            call = {"id": body.get("id"), "phoneNumbers": body["phoneNumbers"],
                    "text": body["textMessage"]["text"], "withDeliveryReport": body.get("withDeliveryReport"),
                    "_answer": action}
            self.calls.append(call)
        return self._answer(action, call)(environ, start_response)

    def _answer(self, action: str, call: dict) -> Response:
        refused = {"http500": 500, "http429": 429, "http401": 401}
        if action in refused:
            return _json({"message": f"stand-in {action}"}, refused[action])
        if action == "http400":
            return _json({"message": f"Invalid phone number {call['phoneNumbers'][0]}"}, 400)
        message_id = call["id"] or uuid.uuid4().hex[:21]
        with self.lock:
            known = message_id in self.taken
            if not known:
                self.take(message_id, call["phoneNumbers"][0], call["text"])
        if known and self.mode == "cloud":
            return _json({"message": "Message with the same ID already exists"}, 409)
        if action.startswith("hang:"):
            time.sleep(float(action.split(":")[1]))
        if action == "not-json":
            return Response("<html>accepted</html>", 202, content_type="text/html")
        state, error = ("Failed", "RESULT_ERROR_NO_SERVICE") if action == "failed" else ("Pending", None)
        return _json(_message_state(message_id, call["phoneNumbers"], state, error), 202)

    def _state(self, message_id: str) -> Response:
        with self.lock:
            message = self.taken.get(message_id)
        if message is None:
            return _json({"message": "message not found"}, 404)
        return _json(_message_state(message_id, message["phoneNumbers"], "Sent"), 200)


def _message_state(message_id: str, phones: list[str], state: str, error: str | None = None) -> dict:
    return {"id": message_id, "deviceId": "stand-in-device", "state": state, "isHashed": False,
            "isEncrypted": False, "states": {state: "2026-11-28T10:00:00.000+07:00"},
            "recipients": [{"phoneNumber": n, "state": state, "error": error} for n in phones]}


def _json(body: dict, status: int) -> Response:
    return Response(json.dumps(body), status, content_type="application/json")


def signed(body: bytes, key: str = SIGNING_KEY, timestamp: int | None = None) -> dict[str, str]:
    """The headers the phone sends with a webhook: X-Timestamp and its X-Signature over body + timestamp."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Timestamp": stamp, "Content-Type": "application/json",
            "X-Signature": hmac.new(key.encode(), body + stamp.encode(), hashlib.sha256).hexdigest()}


def envelope(event: str, payload: dict, event_id: str | None = None) -> bytes:
    """A webhook body as the app writes it."""
    return json.dumps({"deviceId": "stand-in-device", "event": event, "id": event_id or uuid.uuid4().hex[:21],
                       "payload": payload, "webhookId": f"sapa-{event}"}).encode()


def received(text: str, phone: str = "+6281234567890", message_id: str = "1a2b3c4d") -> bytes:
    """An sms:received webhook body."""
    return envelope("sms:received", {"messageId": message_id, "message": text, "sender": phone,
                                     "recipient": "+6281100000001", "simNumber": 1,
                                     "receivedAt": "2026-11-28T10:00:00.000+07:00"})


def report(event: str, message_id: str, reason: str = "") -> bytes:
    """An sms:sent, sms:delivered or sms:failed webhook body."""
    payload = {"messageId": message_id, "sender": None, "recipient": "+6281234567890", "simNumber": 1,
               "phoneNumber": "+6281234567890", f"{event.split(':')[1]}At": "2026-11-28T10:00:05.000+07:00"}
    return envelope(event, {**payload, "reason": reason} if reason else payload)


def post_event(client, body: bytes, headers: dict | None = None, token: str = TOKEN):
    """POST a webhook to /sms/android as the phone would: signed, with ?token= in the URL."""
    return client.post(f"/sms/android?token={token}", data=body,
                       headers=signed(body) if headers is None else headers)
