"""Take in a signed webhook's events: record each message once (Meta re-sends until it gets a 200)
and queue its answer; apply status reports. Never calls Meta."""

import logging
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import REDIS_DOWN
from ..jobs import recording
from ..services import Services
from ..store.chats import InboundChat
from ..store.phones import note_channel
from .payloads import Events, IncomingChat
from .statuses import apply_kept, record_reports

log = logging.getLogger(__name__)


def accept_events(services: Services, events: Events) -> int:
    """Record new messages and queue their answers, apply reports; return how many messages were new.

    Raises SQLAlchemyError when nothing could be recorded: the caller must not answer 200 then.
    """
    new = 0
    with recording(services.database, services.jobs) as (session, after):
        for message in events.messages:
            row, fresh = _record(session, message)
            new += fresh
            if fresh:  # it opens (or extends) the 24-hour window
                note_channel(session, message.phone, "whatsapp", row.sent_at)
            if row.answered_at is None:
                after.chat_answers.append(row.id)
        kept = record_reports(session, after, services.redis, events.reports) if events.reports else []
    for wamid in kept:  # the send job may have stored its id between our look-up and our keeping it
        try:
            apply_kept(services, wamid)
        except REDIS_DOWN:
            log.warning("a WhatsApp status report is kept until its message id is stored")
    return new


def _record(session: Session, message: IncomingChat) -> tuple[InboundChat, bool]:
    existing = session.scalar(select(InboundChat).where(InboundChat.wamid == message.wamid))
    if existing:
        return existing, False
    row = InboundChat(wamid=message.wamid, phone=message.phone, kind=message.kind, text=message.text,
                      tapped=message.tapped, sent_at=message.sent_at or datetime.now(UTC))
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same event, posted again at the same moment
        return session.scalar(select(InboundChat).where(InboundChat.wamid == message.wamid)), False
    return row, True
