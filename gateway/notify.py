"""Send each notice where the resident is: by WhatsApp to those who use it, by SMS to everyone else.

An application's notices go to the channel it came from. On WhatsApp they go as free text within
24 hours of the resident's last message and as the approved status template outside it (the
choice is made when the message is sent, since a notice may wait out quiet hours); if WhatsApp
refuses or reports it failed, the same text goes once by SMS. Broadcasts and one-off notices follow
the phone's last channel, by WhatsApp only inside the window: no approved template carries free text.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from menus.chat import text_message

from .jobs import AfterCommit
from .store.applications import Application
from .store.chats import ChatStatus, OutboundChat, record_chat
from .store.messages import MessageStatus, OutboundSms, record_message
from .store.phones import PhonePreference, language_of, whatsapp_open
from .store.vault import Vault


def notify_applicant(session: Session, after: AfterCommit, vault: Vault, application: Application, text: str,
                     purpose: str, dedupe_key: str, whatsapp_on: bool) -> str:
    """Record a notice about an application on its channel; return the channel ("whatsapp", "sms")."""
    phone = application.phone
    if whatsapp_on and application.channel == "whatsapp":
        chat = record_chat(session, vault, phone, text_message(text), purpose, dedupe_key,
                           language_of(session, phone), fallback_text=text,
                           template_params=(application.code, text))
        after.send_chat(chat.id)
        return "whatsapp"
    after.send(record_message(session, phone, text, purpose, dedupe_key).id)
    return "sms"


def notify_phones(session: Session, after: AfterCommit, vault: Vault, phones: list[str], text: str,
                  purpose: str, dedupe_prefix: str, whatsapp_on: bool,
                  now: datetime) -> tuple[list[int], list[int]]:
    """Record one message per phone, each on the phone's channel; return the ids of the new SMS
    (for the caller to send in batches or one by one) and queue the WhatsApp ones. A phone that is
    already recorded under this prefix (a form sent twice) gets nothing new."""
    sms_ids, chat_ids = [], []
    for phone in phones:
        key = f"{dedupe_prefix}:{phone}"
        chat = session.scalar(select(OutboundChat).where(OutboundChat.dedupe_key == key))
        sms = None if chat else session.scalar(select(OutboundSms).where(OutboundSms.dedupe_key == key))
        preference = session.get(PhonePreference, phone)
        if chat is None and sms is None and whatsapp_on and preference and preference.channel == "whatsapp" \
                and whatsapp_open(session, phone, now):
            chat = record_chat(session, vault, phone, text_message(text), purpose, key, preference.language,
                               fallback_text=text)
        if chat is not None:
            if chat.status == ChatStatus.QUEUED:
                chat_ids.append(chat.id)
            continue
        sms = sms or record_message(session, phone, text, purpose, key)
        if sms.status == MessageStatus.QUEUED:
            sms_ids.append(sms.id)
    for chat_id in chat_ids:
        after.send_chat(chat_id)
    return sms_ids, chat_ids
