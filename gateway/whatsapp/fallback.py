"""When WhatsApp cannot deliver a message, send its SMS version once, through the SMS provider."""

import logging

from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..jobs import AfterCommit
from ..store.chats import ChatStatus, OutboundChat
from ..store.messages import record_message

log = logging.getLogger(__name__)


def fail_over(session: Session, after: AfterCommit, chat: OutboundChat, reason: str) -> str:
    """Mark the message failed and, when it has an SMS version, record that SMS once (its dedupe
    key names this message, so a failure reported twice sends one SMS); say what happened."""
    chat.status, chat.last_error = ChatStatus.FAILED, reason[:200]
    if not chat.fallback_text:
        log.warning("WhatsApp %s to %s failed (%s); it has no SMS version", chat.id, mask_phone(chat.phone),
                    chat.last_error)
        return f"failed: {chat.last_error}"
    sms = record_message(session, chat.phone, chat.fallback_text, chat.purpose, f"wa-fallback:{chat.id}")
    if chat.fallback_sms_id is None:
        chat.fallback_sms_id = sms.id
        after.send(sms.id)
    log.info("WhatsApp %s to %s failed (%s); sent by SMS %s instead", chat.id, mask_phone(chat.phone),
             chat.last_error, sms.id)
    return f"failed, sent by SMS: {chat.last_error}"
