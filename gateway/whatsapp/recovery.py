"""Re-queue the WhatsApp work a lost job or a dead worker left behind (the worker's sweep calls it)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..services import Services
from ..store.chats import ChatStatus, InboundChat, OutboundChat


def sweep_chats(services: Services, stale_after: timedelta = timedelta(minutes=2)) -> int:
    """Re-queue stale queued or sending messages and unanswered incoming ones; return how many.

    A message stuck in `sending` belonged to a worker that died mid-send: it is sent again.
    """
    now, jobs = datetime.now(UTC), services.jobs
    with Session(services.database) as session, session.begin():
        stuck = session.scalars(select(OutboundChat).where(
            OutboundChat.status.in_([ChatStatus.QUEUED, ChatStatus.SENDING]),
            OutboundChat.updated_at < now - stale_after,
            (OutboundChat.send_after.is_(None)) | (OutboundChat.send_after < now))).all()
        requeue = []
        for chat in stuck:
            dead_worker = chat.status == ChatStatus.SENDING
            if dead_worker:
                chat.status, chat.last_error = ChatStatus.QUEUED, "worker stopped mid-send"
            chat.updated_at = now
            requeue.append((chat.id, dead_worker))
        unanswered = session.scalars(select(InboundChat.id).where(
            InboundChat.answered_at.is_(None), InboundChat.received_at < now - stale_after)).all()
    requeued = sum(jobs.send_chat(chat_id, force=force) for chat_id, force in requeue)
    requeued += sum(jobs.answer_chat(inbound_id) for inbound_id in unanswered)
    return requeued
