"""Send one recorded WhatsApp message: free text inside the 24-hour window, the approved status
template outside it, else (or when Meta refuses it) its SMS version once."""

import logging
from datetime import UTC, datetime

from rq import get_current_job
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..errors import TransientSendError
from ..jobs import AfterCommit, recording
from ..providers import Outcome, Receipt
from ..quiet_hours import quiet_until
from ..services import Services
from ..store.chats import ChatStatus, OutboundChat
from ..store.messages import Purpose
from ..store.phones import opted_out, whatsapp_open
from .fallback import fail_over
from .outgoing import template, to_graph
from .statuses import apply_kept

log = logging.getLogger(__name__)


def send_whatsapp(services: Services, message_id: int) -> str:
    """Send one recorded message unless it is already handled; say what happened."""
    settings, until = services.settings, None
    with recording(services.database, services.jobs) as (session, after):
        chat = session.get(OutboundChat, message_id)
        if chat is None or chat.status != ChatStatus.QUEUED:
            return f"nothing to do: {chat.status if chat else 'no such message'}"
        if chat.purpose != Purpose.REPLY:  # notices and broadcasts wait out quiet hours, as SMS do
            until = quiet_until(datetime.now(UTC), settings.quiet_hours, settings.timezone)
            chat.send_after = until
        if until is None:
            payload, outcome = _payload(services, session, after, chat)
            if payload is None:
                return outcome
            claimed = session.execute(update(OutboundChat).where(
                OutboundChat.id == message_id, OutboundChat.status == ChatStatus.QUEUED)
                .values(status=ChatStatus.SENDING, attempts=OutboundChat.attempts + 1)).rowcount
            if not claimed:
                return "nothing to do: another worker has it"
            phone = chat.phone
    if until is not None:
        services.jobs.send_chat_at(message_id, until)
        return f"waiting for quiet hours to end at {until.isoformat()}"
    receipt = services.whatsapp.send(phone, payload)
    if receipt.outcome == Outcome.RETRY:
        return _transient(services, message_id, receipt.detail)
    return _record_receipt(services, message_id, receipt, payload["type"])


def _payload(services: Services, session: Session, after: AfterCommit,
             chat: OutboundChat) -> tuple[dict | None, str]:
    """What to send now: free text in the window, else the status template, else nothing (and the
    SMS version goes instead); None with the reason when nothing goes by WhatsApp."""
    config = services.settings.sections.get("whatsapp")
    if chat.purpose == Purpose.BROADCAST and opted_out(session, chat.phone):
        chat.status, chat.last_error = ChatStatus.FAILED, "resident opted out (STOP)"
        return None, "not sent: opted out"
    if services.whatsapp is None or config is None:
        return None, fail_over(session, after, chat, "WhatsApp is no longer configured")
    if whatsapp_open(session, chat.phone, datetime.now(UTC)):
        return to_graph(chat.chat_message(services.vault)), ""
    if chat.params():
        code = config.template_languages.get(chat.lang, chat.lang)
        return template(config.status_template, code, chat.params()), ""
    return None, fail_over(session, after, chat, "outside the 24-hour window; no template fits it")


def _transient(services: Services, message_id: int, reason: str) -> str:
    """Put the message back for RQ to retry, or on the last attempt send its SMS version."""
    job = get_current_job()
    retrying = bool(job and job.retries_left)
    with recording(services.database, services.jobs) as (session, after):
        chat = session.get(OutboundChat, message_id)
        if not retrying:
            return fail_over(session, after, chat, f"gave up after {chat.attempts} attempts: {reason}")
        chat.status, chat.last_error = ChatStatus.QUEUED, reason[:200]
    raise TransientSendError(reason)  # RQ schedules the retry with the configured backoff


def _record_receipt(services: Services, message_id: int, receipt: Receipt, sent_as: str) -> str:
    with recording(services.database, services.jobs) as (session, after):
        chat = session.get(OutboundChat, message_id)
        if not receipt.accepted:
            return fail_over(session, after, chat, receipt.detail)
        chat.status, chat.sent_at, chat.sent_as = ChatStatus.SENT, datetime.now(UTC), sent_as
        chat.wamid = receipt.message_id or None
        chat.last_error = "" if receipt.message_id else "Meta's answer unreadable"
    if receipt.message_id:
        apply_kept(services, receipt.message_id)
    return f"sent as {sent_as}"
