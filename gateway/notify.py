"""Send each notice where the resident is: by WhatsApp to those who use it, by SMS to everyone else.

An application's notices go to the channel it came from. On WhatsApp they go as free text within
24 hours of the resident's last message and as the approved status template outside it (the
choice is made when the message is sent, since a notice may wait out quiet hours); if WhatsApp
refuses or reports it failed, the same text goes once by SMS. Broadcasts and one-off notices follow
the phone's last channel, by WhatsApp only inside the window: no approved template carries free text.
"""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from menus.chat import text_message

from .jobs import AfterCommit
from .store.applications import Application
from .store.chats import ChatStatus, OutboundChat, record_chat
from .store.messages import CHUNK, MessageStatus, OutboundSms, record_many, record_message
from .store.phones import WHATSAPP_WINDOW, PhonePreference, language_of
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


def withdraw_notices(session: Session, application: Application) -> int:
    """Stop the application's notices that have not gone yet (waiting for quiet hours, a worker or a
    resumed balance): a newer status makes them out of date. Return how many were stopped.

    A worker claims a message only while it is queued, so one stopped here is never sent; one
    already claimed is on its way and stays so.
    """
    keys = [f"notice:{change.id}" for change in application.history if change.id is not None]
    if not keys:
        return 0
    stale = "a later status change made this notice out of date"
    stopped = 0
    for table, waiting, final in (
            (OutboundSms, (MessageStatus.QUEUED, MessageStatus.HELD), MessageStatus.SUPERSEDED),
            (OutboundChat, (ChatStatus.QUEUED,), ChatStatus.SUPERSEDED)):
        stopped += session.execute(update(table).where(table.dedupe_key.in_(keys), table.status.in_(waiting))
                                   .values(status=final, last_error=stale)
                                   .execution_options(synchronize_session=False)).rowcount
    return stopped


def notify_phones(session: Session, after: AfterCommit, vault: Vault, phones: list[str], text: str,
                  purpose: str, dedupe_prefix: str, whatsapp_on: bool,
                  now: datetime) -> tuple[list[int], list[int]]:
    """Record one message per phone, each on the phone's channel; return the ids of the new SMS
    (for the caller to send in batches or one by one) and queue the WhatsApp ones. A phone that is
    already recorded under this prefix (a form sent twice) gets nothing new. A few statements for
    the whole list (a broadcast may reach thousands), not a few per phone."""
    keys = {phone: f"{dedupe_prefix}:{phone}" for phone in phones}
    on_whatsapp = _whatsapp_phones(session, phones, now) if whatsapp_on else {}
    chat_ids, by_sms = [], {}
    if on_whatsapp:
        recorded = _known(session, OutboundChat, [keys[p] for p in on_whatsapp])
        by_sms = _known(session, OutboundSms, [keys[p] for p in on_whatsapp])
        for phone, language in on_whatsapp.items():
            if keys[phone] in by_sms:  # this form went by SMS before: it stays there
                continue
            chat = recorded.get(keys[phone]) or record_chat(
                session, vault, phone, text_message(text), purpose, keys[phone], language, fallback_text=text)
            if chat.status == ChatStatus.QUEUED:
                chat_ids.append(chat.id)
    sms_phones = [p for p in phones if p not in on_whatsapp or keys[p] in by_sms]
    sms = record_many(session, [(p, keys[p]) for p in sms_phones], text, purpose) if sms_phones else []
    for chat_id in chat_ids:
        after.send_chat(chat_id)
    return [id_ for id_, status in sms if status == MessageStatus.QUEUED], chat_ids


def _whatsapp_phones(session: Session, phones: list[str], now: datetime) -> dict[str, str]:
    """The phones (with their language) that wrote on WhatsApp within its free-text window."""
    found = {}
    for start in range(0, len(phones), CHUNK):
        found.update(session.execute(select(PhonePreference.phone, PhonePreference.language).where(
            PhonePreference.phone.in_(phones[start:start + CHUNK]), PhonePreference.channel == "whatsapp",
            PhonePreference.whatsapp_at > now - WHATSAPP_WINDOW)).all())
    return found


def _known(session: Session, table, keys: list[str]) -> dict:
    """The rows of `table` already recorded under these dedupe keys, by key."""
    rows = {}
    for start in range(0, len(keys), CHUNK):
        rows.update((row.dedupe_key, row) for row in session.scalars(
            select(table).where(table.dedupe_key.in_(keys[start:start + CHUNK]))))
    return rows
