"""The WhatsApp chat beside the phone simulator: the page posts each message to the real /whatsapp,
signed as Meta signs it, and shows what Sapa sends back to that number.

The app secret never reaches the browser: the page asks /whatsapp/simulator/sign to build and sign
one message of Meta's shape (from a phone, a text or a tapped choice), then posts exactly those
bytes to /whatsapp itself. The endpoint signs only bodies it builds, and is served, like the phone
simulator, only when SIMULATOR_ENABLED, and only to logged-in staff outside development.
"""

import json
import secrets
import time

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from menus.phones import parse_phone

from ..services import current_services
from ..store.chats import OutboundChat
from ..web.login import check_staff
from .signature import HEADER, sign

bp = Blueprint("whatsapp_simulator", __name__, url_prefix="/whatsapp/simulator", static_folder="static")


@bp.before_request
def staff_only_outside_development():
    """In production the chat sends real messages (and SMS fallbacks): staff must log in."""
    if not current_services().settings.development:
        return check_staff()
    return None


@bp.post("/sign")
def signed():
    """Build one incoming message as Meta would post it, and its X-Hub-Signature-256."""
    config, form = current_services().settings.section("whatsapp"), request.get_json(silent=True) or {}
    phone = parse_phone(str(form.get("phone", "")))
    text, tapped = str(form.get("text", ""))[:4096], str(form.get("tapped", ""))[:200]
    if not phone or not (text.strip() or tapped):
        abort(400, "phone (like +6281234567890) and text or tapped are required")
    message = {"from": phone.lstrip("+"), "id": f"wamid.SIM{secrets.token_hex(12)}",
               "timestamp": str(int(time.time()))}
    if tapped:
        reply = {"id": tapped, "title": str(form.get("title", ""))[:24]}
        kind = "list_reply" if form.get("list") else "button_reply"
        message |= {"type": "interactive", "interactive": {"type": kind, kind: reply}}
    else:
        message |= {"type": "text", "text": {"body": text}}
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "simulator", "changes": [{
        "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "simulator", "phone_number_id": config.phone_number_id},
            "contacts": [{"wa_id": phone.lstrip("+"), "profile": {"name": "Simulator"}}],
            "messages": [message]}}]}]})
    return jsonify(body=body, signature=sign(body.encode(), config.app_secret), header=HEADER)


@bp.get("/messages")
def sent():
    """What Sapa sent (or is sending) to this number after message `after`, oldest first."""
    services = current_services()
    phone, after = parse_phone(request.args.get("phone", "")), request.args.get("after", "0")
    if not phone or not after.isascii() or not after.isdigit():
        abort(400, "phone (like +6281234567890) and after (a message number) are required")
    with Session(services.database) as session:
        rows = session.scalars(select(OutboundChat).where(OutboundChat.phone == phone,
                                                          OutboundChat.id > int(after))
                               .order_by(OutboundChat.id).limit(50)).all()
        return jsonify([{
            "id": row.id, "status": row.status, "sent_as": row.sent_as, "sms": row.fallback_sms_id,
            **_message(row, services)} for row in rows])


def _message(row: OutboundChat, services) -> dict:
    message = row.chat_message(services.vault)
    choices = [{"id": c.id, "title": c.title, "description": c.description} for c in message.choices]
    return {"kind": message.kind, "body": message.body, "button": message.button,
            "footer": message.footer, "choices": choices}
