"""A local stand-in for Meta's Graph API (WhatsApp Cloud API messages endpoint), scripted call by call.

It checks what Meta checks: the bearer token, the phone number id in the path, "messaging_product",
and the limits of interactive messages and text (answering error 131009 when one is broken, as Meta
does), so a test that passes here sends nothing Meta would refuse for its shape.
"""

import json
import time
import uuid

from werkzeug.wrappers import Request, Response

from tests.support.servers import StandIn

ERRORS = {131026: "Message undeliverable", 131047: "Re-engagement message",
          131009: "Parameter value is not valid", 132001: "Template name does not exist in the translation",
          130429: "Rate limit hit",
          131030: "Recipient phone number not in allowed list", 190: "Access token has expired"}


class GraphStandIn(StandIn):
    """Serves POST /{version}/{phone_number_id}/messages; records every call in `calls`.

    `script` holds what to do on each coming call, in order ("ok" once it runs out): "http500",
    "hang:<seconds>", or a Meta error code (int) answered as Meta answers it.
    """

    def __init__(self, token: str = "stand-in-token", phone_number_id: str = "109876543210",
                 version: str = "v23.0"):
        super().__init__()
        self.token, self.phone_number_id, self.version = token, phone_number_id, version

    def sent(self, to: str | None = None) -> list[dict]:
        """The bodies Meta accepted, oldest first (to one number, when given)."""
        return [c["body"] for c in self.calls
                if c["answer"] == "ok" and (to is None or c["body"]["to"] == to)]

    def app(self, environ, start_response):
        request = Request(environ)
        path = f"/{self.version}/{self.phone_number_id}/messages"
        if request.method != "POST" or request.path != path:
            return _error(404, 100, "Unknown path components")(environ, start_response)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _error(401, 190, ERRORS[190])(environ, start_response)
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp" or not body.get("to"):
            return _error(400, 100, "messaging_product whatsapp and to are required")(environ, start_response)
        with self.lock:
            action = self.script.pop(0) if self.script else "ok"
            broken = limits_broken(body)
            if broken:
                action = 131009
            self.calls.append({"body": body, "answer": "ok" if action == "ok" else str(action),
                               "broken": broken})
        if isinstance(action, str) and action.startswith("hang:"):
            time.sleep(float(action.split(":")[1]))
            action = "ok"
        if action == "http500":
            return Response("Internal Server Error", 500)(environ, start_response)
        if isinstance(action, int):
            status = 429 if action == 130429 else 401 if action == 190 else 400
            return _error(status, action, ERRORS.get(action, "error"), broken)(environ, start_response)
        answer = {"messaging_product": "whatsapp", "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                  "messages": [{"id": f"wamid.{uuid.uuid4().hex}"}]}
        return Response(json.dumps(answer), 200, content_type="application/json")(environ, start_response)


def limits_broken(body: dict) -> str:
    """Name the first of Meta's limits the message breaks, or ""."""
    kind = body.get("type")
    if kind == "text":
        return "" if 0 < len(body["text"]["body"]) <= 4096 else "text body length"
    if kind == "template":
        template = body["template"]
        return "" if template.get("name") and template.get("language", {}).get("code") else "template"
    if kind != "interactive":
        return f"type {kind}"
    interactive = body["interactive"]
    if not 0 < len(interactive["body"]["text"]) <= 1024:
        return "body over 1024"
    if len(interactive.get("footer", {}).get("text", "")) > 60:
        return "footer over 60"
    action = interactive["action"]
    if interactive["type"] == "button":
        buttons = action["buttons"]
        ids = [b["reply"]["id"] for b in buttons]
        if not 1 <= len(buttons) <= 3 or len(set(ids)) != len(ids):
            return "1 to 3 buttons with distinct ids"
        return next((f"button {b['reply']['title']!r}" for b in buttons
                     if not 0 < len(b["reply"]["title"]) <= 20 or len(b["reply"]["id"]) > 256), "")
    rows = [row for section in action["sections"] for row in section["rows"]]
    ids = [row["id"] for row in rows]
    if not 0 < len(action["button"]) <= 20:
        return "list button over 20"
    if not 1 <= len(rows) <= 10 or len(set(ids)) != len(ids):
        return "1 to 10 rows with distinct ids"
    return next((f"row {row['title']!r}" for row in rows if not 0 < len(row["title"]) <= 24
                 or len(row.get("description", "")) > 72 or len(row["id"]) > 200), "")


def _error(status: int, code: int, title: str, details: str = "") -> Response:
    error = {"message": f"({code}) {title}", "type": "OAuthException", "code": code, "title": title,
             "error_data": {"messaging_product": "whatsapp", "details": details or title},
             "fbtrace_id": "stand-in"}
    return Response(json.dumps({"error": error}), status, content_type="application/json")
