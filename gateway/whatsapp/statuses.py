"""Apply Meta's status reports (sent, delivered, read, failed) to the messages we sent.

A report can arrive before the send job has stored the message's id (Meta answers the send and
reports on it at nearly the same moment): it is kept in Redis for a day and applied when the id is
stored. Message ids are Meta's, not personal data.
"""

import json
from dataclasses import asdict

import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..jobs import AfterCommit, recording
from ..services import Services
from ..store.chats import PROGRESS, ChatStatus, OutboundChat
from .fallback import fail_over
from .payloads import ChatReport

EARLY_KEPT_SECONDS = 24 * 3600
RANK = {status: n for n, status in enumerate(PROGRESS)}


def apply_report(session: Session, after: AfterCommit, chat: OutboundChat, report: ChatReport) -> str:
    """Record what Meta said; a late report never undoes a later state, a failure sends the SMS."""
    if chat.status == ChatStatus.FAILED:
        return "already failed"
    if report.status == "failed":
        return fail_over(session, after, chat, report.errors or "failed (no reason given)")
    status = ChatStatus(report.status)
    if chat.status not in PROGRESS or RANK[status] > RANK[ChatStatus(chat.status)]:
        chat.status = status
    return "recorded"


def record_reports(session: Session, after: AfterCommit, client: redis.Redis,
                   reports: tuple[ChatReport, ...]) -> list[str]:
    """Apply each report to its message, or keep it; return the ids of those kept."""
    kept = []
    for report in reports:
        chat = session.scalar(select(OutboundChat).where(OutboundChat.wamid == report.wamid))
        if chat is not None:
            apply_report(session, after, chat, report)
            continue
        key = _early_key(report.wamid)
        with client.pipeline(transaction=True) as pipe:
            pipe.rpush(key, json.dumps(asdict(report)))
            pipe.expire(key, EARLY_KEPT_SECONDS)
            pipe.execute()
        kept.append(report.wamid)
    return kept


def apply_kept(services: Services, wamid: str) -> int:
    """Apply the reports kept for this message id, once its message is known; return how many."""
    with recording(services.database, services.jobs) as (session, after):
        chat = session.scalar(select(OutboundChat).where(OutboundChat.wamid == wamid))
        if chat is None:
            return 0
        with services.redis.pipeline(transaction=True) as pipe:  # taking them claims them
            pipe.lrange(_early_key(wamid), 0, -1)
            pipe.delete(_early_key(wamid))
            raw, _ = pipe.execute()
        for item in raw:
            apply_report(session, after, chat, ChatReport(**json.loads(item)))
        return len(raw)


def _early_key(wamid: str) -> str:
    return f"sapa:wa:early:{wamid}"
