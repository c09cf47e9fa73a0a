"""A local stand-in for Africa's Talking's SMS API, scripted call by call, for the real SDK to talk to."""

import json
import time
import uuid

from werkzeug.wrappers import Request, Response

from tests.support.servers import StandIn


class ProviderStandIn(StandIn):
    """Serves POST /version1/messaging like the provider; records every call.

    `script` holds what to do on each coming call, in order ("ok" once it runs out):
    "http500", "hang:<seconds>", "not-json" (a 2xx body the SDK cannot read), or a
    (status_code, status) pair answered for every recipient, e.g. (403, "InvalidPhoneNumber").
    `message_ids` holds the messageId to give each accepted recipient, in order (random once it
    runs out), so a test can post a delivery report before the send. `latency` seconds pass before
    every answer (bench/broadcast.py uses the provider's ~200 ms).
    """

    def __init__(self, username: str = "kelurahan", api_key: str = "stand-in-key", latency: float = 0.0):
        super().__init__()
        self.username, self.api_key, self.latency = username, api_key, latency
        self.message_ids: list[str] = []

    def sent_texts(self) -> list[str]:
        """Texts of the calls that were answered with an accepted status."""
        return [call["message"] for call in self.calls if call["_answer"] == "ok"]

    def _message_id(self) -> str:
        with self.lock:
            return self.message_ids.pop(0) if self.message_ids else f"ATXid_{uuid.uuid4().hex[:16]}"

    def app(self, environ, start_response):
        request = Request(environ)
        if request.path != "/version1/messaging" or request.method != "POST":
            return Response("not found", 404)(environ, start_response)
        if request.headers.get("apiKey") != self.api_key or request.form.get("username") != self.username:
            return Response("The supplied authentication is invalid", 401)(environ, start_response)
        with self.lock:
            action = self.script.pop(0) if self.script else "ok"
            call = {**request.form.to_dict(), "_answer": action if isinstance(action, str) else "status"}
            self.calls.append(call)
        time.sleep(self.latency)
        if isinstance(action, str) and action.startswith("hang:"):
            time.sleep(float(action.split(":")[1]))
            action = call["_answer"] = "ok"
        if action == "http500":
            return Response("Internal Server Error", 500)(environ, start_response)
        if action == "not-json":
            return Response("<html>ok</html>", 201, content_type="text/html")(environ, start_response)
        code, status = (101, "Success") if action == "ok" else action
        recipients = [{"statusCode": code, "number": number, "status": status,
                       "cost": "IDR 350.0000" if code == 101 else "0",
                       "messageId": self._message_id() if code == 101 else "None"}
                      for number in request.form["to"].split(",")]
        body = {"SMSMessageData": {"Message": f"Sent to {len(recipients)}/{len(recipients)}",
                                   "Recipients": recipients}}
        # Exactly "application/json": the SDK parses the body only for that content-type.
        response = Response(json.dumps(body), 201)
        response.headers["Content-Type"] = "application/json"
        return response(environ, start_response)
