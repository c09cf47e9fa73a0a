"""Post WhatsApp webhook events as Meta does (signed JSON), and read what Sapa sent back."""

import itertools
import json
import time

from gateway.whatsapp.signature import sign

APP_SECRET = "stand-in-app-secret"
VERIFY_TOKEN = "stand-in-verify-token"
PHONE = "+6281234567890"
_ids = itertools.count(1)


def envelope(phone_number_id: str, messages=(), statuses=()) -> dict:
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": "6281100000000", "phone_number_id": phone_number_id}}
    if messages:
        value |= {"contacts": [{"wa_id": m["from"], "profile": {"name": "Warga"}} for m in messages],
                  "messages": list(messages)}
    if statuses:
        value["statuses"] = list(statuses)
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "waba-1", "changes": [{"field": "messages", "value": value}]}]}


def text(body: str, phone: str = PHONE, wamid: str | None = None, at: int | None = None) -> dict:
    return {"from": phone.lstrip("+"), "id": wamid or f"wamid.in{next(_ids)}",
            "timestamp": str(at or int(time.time())), "type": "text", "text": {"body": body}}


def tap(choice_id: str, phone: str = PHONE, wamid: str | None = None, kind: str = "list_reply") -> dict:
    return {"from": phone.lstrip("+"), "id": wamid or f"wamid.in{next(_ids)}",
            "timestamp": str(int(time.time())), "type": "interactive",
            "interactive": {"type": kind, kind: {"id": choice_id, "title": "tapped"}}}


def status(wamid: str, word: str, phone: str = PHONE, code: int | None = None) -> dict:
    report = {"id": wamid, "status": word, "timestamp": str(int(time.time())),
              "recipient_id": phone.lstrip("+")}
    if code:
        report["errors"] = [{"code": code, "title": "Message undeliverable"}]
    return report


def post_signed(client, payload: dict | bytes, secret: str = APP_SECRET, signature: str | None = None):
    """POST /whatsapp with the body signed as Meta signs it (or with the given signature header)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    header = sign(body, secret) if signature is None else signature
    if header:
        headers["X-Hub-Signature-256"] = header
    return client.post("/whatsapp", data=body, headers=headers)


def shown(body: dict) -> str:
    """What the resident reads in one sent message: its text, and its choices' titles."""
    if body["type"] == "text":
        return body["text"]["body"]
    if body["type"] == "template":
        return " | ".join(p["text"] for c in body["template"]["components"] for p in c["parameters"])
    interactive = body["interactive"]
    if interactive["type"] == "button":
        titles = [b["reply"]["title"] for b in interactive["action"]["buttons"]]
    else:
        titles = [r["title"] for s in interactive["action"]["sections"] for r in s["rows"]]
    return "\n".join([interactive["body"]["text"], *titles])


def choice_ids(body: dict) -> dict[str, str]:
    """The id of each choice in a sent interactive message, by its title."""
    interactive = body["interactive"]
    if interactive["type"] == "button":
        return {b["reply"]["title"]: b["reply"]["id"] for b in interactive["action"]["buttons"]}
    return {r["title"]: r["id"] for s in interactive["action"]["sections"] for r in s["rows"]}
