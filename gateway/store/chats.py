"""WhatsApp messages: incoming ones recorded once per Meta message id, outgoing ones as rows that a
job carries (like SMS), each with what to send by SMS instead if WhatsApp cannot deliver it.

A sibling of the SMS tables rather than a `channel` column on them: a WhatsApp message has no
segments, cost, provider balance or batch, but has a reply layout, a 24-hour window, a template to
fall back on and read receipts; and the SMS sending code stays as it is.
"""

import json
from dataclasses import asdict
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from menus.chat import ChatMessage, Choice

from .database import Base, UtcDateTime, utcnow
from .vault import Vault


class ChatStatus(StrEnum):
    """Where an outgoing WhatsApp message is; Meta reports sent, delivered, read or failed."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    SUPERSEDED = "superseded"  # final: a later status change made this notice out of date; not sent
    FAILED = "failed"  # refused or undeliverable: its fallback SMS (if any) carries it instead


PROGRESS = (ChatStatus.SENT, ChatStatus.DELIVERED, ChatStatus.READ)  # a later report never goes back


class OutboundChat(Base):
    """One WhatsApp message to one phone: the record is the truth, the RQ job only carries it."""

    __tablename__ = "whatsapp_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # messages.Purpose
    lang: Mapped[str] = mapped_column(String(2))
    # menus.chat.ChatMessage as JSON, encrypted: a reply can echo what the resident typed (a name).
    message: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # for the console: a notice's text, a reply's first line
    fallback_text: Mapped[str] = mapped_column(Text, default="")  # by SMS when WhatsApp fails; "": none
    template_params: Mapped[str] = mapped_column(Text, default="")  # JSON list: the status template
    status: Mapped[str] = mapped_column(String(20), default=ChatStatus.QUEUED, index=True)
    sent_as: Mapped[str] = mapped_column(String(12), default="")  # "text", "interactive", "template"
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    wamid: Mapped[str | None] = mapped_column(String(160), index=True)  # Meta's message id
    last_error: Mapped[str] = mapped_column(String(200), default="")
    fallback_sms_id: Mapped[int | None] = mapped_column(ForeignKey("sms_messages.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    send_after: Mapped[datetime | None] = mapped_column(UtcDateTime)  # quiet hours

    def chat_message(self, vault: Vault) -> ChatMessage:
        if not self.message:  # cleared by an erasure or by retention (gateway/store/privacy)
            return ChatMessage("text", "")
        data = json.loads(vault.decrypt(self.message))
        return ChatMessage(data["kind"], data["body"], tuple(Choice(**c) for c in data["choices"]),
                           data["button"], data["footer"])

    def params(self) -> list[str]:
        return json.loads(self.template_params) if self.template_params else []


class InboundChat(Base):
    """A WhatsApp message a resident sent; its text is cleared once answered."""

    __tablename__ = "whatsapp_inbound"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wamid: Mapped[str] = mapped_column(String(160), unique=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "text", "tap" or "unsupported"
    text: Mapped[str] = mapped_column(Text, default="")
    tapped: Mapped[str] = mapped_column(String(200), default="")  # the id of a tapped row or button
    keyword: Mapped[str] = mapped_column(String(20), default="")
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)  # by the resident's phone, per Meta
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


def record_chat(session: Session, vault: Vault, phone: str, message: ChatMessage, purpose: str,
                dedupe_key: str, lang: str, fallback_text: str = "",
                template_params: tuple[str, ...] = ()) -> OutboundChat:
    """Add the message unless one with this dedupe key exists; return the stored one (flushed)."""
    existing = session.scalar(select(OutboundChat).where(OutboundChat.dedupe_key == dedupe_key))
    if existing:
        return existing
    shown = message.body if purpose != "reply" else message.body.partition("\n")[0]
    row = OutboundChat(dedupe_key=dedupe_key, phone=phone, purpose=purpose, lang=lang,
                       message=vault.encrypt(json.dumps(asdict(message))), text=shown[:160],
                       fallback_text=fallback_text,
                       template_params=json.dumps(list(template_params)) if template_params else "")
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # recorded by a concurrent request between our select and insert
        return session.scalar(select(OutboundChat).where(OutboundChat.dedupe_key == dedupe_key))
    return row
