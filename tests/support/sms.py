"""Helpers for SMS tests: post an incoming SMS like the provider, and read the message table."""

import itertools

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.messages import OutboundSms

_ids = itertools.count(1)


def post_incoming(client, text: str, phone: str = "+6281234567890", provider_id: str | None = None):
    """POST /sms/incoming as the provider would; return the response."""
    return client.post("/sms/incoming", data={
        "from": phone, "to": "98765", "text": text, "date": "2026-11-28 10:00:00",
        "id": provider_id or f"in-{next(_ids)}", "networkCode": "51010"})


def messages(database) -> list[OutboundSms]:
    with Session(database) as session:
        return list(session.scalars(select(OutboundSms).order_by(OutboundSms.id)))
