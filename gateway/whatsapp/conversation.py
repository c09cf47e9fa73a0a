"""Answer a phone's WhatsApp messages, in order, with the same engine, catalog and keywords as USSD
and SMS: load the conversation, run menus.conversation, carry out the effects, record the replies
(each once per incoming message id), save the conversation."""

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from menus import Context
from menus.chat import text_message
from menus.codes import format_code
from menus.conversation import ChatTurn, converse
from menus.keywords import read_command

from ..effects import EffectScope, apply_effects, chosen_language
from ..errors import ApplicationLimitError
from ..jobs import recording
from ..services import Services
from ..store.chats import InboundChat, record_chat
from ..store.conversations import ConversationStore
from ..store.messages import Purpose
from ..store.phones import cache_language, language_of
from ..store.records import DbRecords
from ..store.vault import random_code_symbols


def answer_whatsapp(services: Services, inbound_id: int) -> str:
    """Answer every unanswered message of this message's phone, oldest first, under the phone's
    lock: two jobs for one phone never work on its conversation at once."""
    with Session(services.database) as session:
        inbound = session.get(InboundChat, inbound_id)
        if inbound is None or inbound.answered_at is not None:
            return "nothing to do"
        phone = inbound.phone
    store = ConversationStore(services.redis, services.phone_keys, services.vault)
    with store.lock(phone):
        with Session(services.database) as session:
            waiting = session.scalars(select(InboundChat.id).where(
                InboundChat.phone == phone, InboundChat.answered_at.is_(None)).order_by(InboundChat.id)).all()
        answered = sum(_answer_one(services, store, row_id) for row_id in waiting)
    return f"answered {answered} message(s)"


def _answer_one(services: Services, store: ConversationStore, inbound_id: int) -> int:
    state, scope = None, None
    try:
        with recording(services.database, services.jobs) as (session, after):
            inbound = session.get(InboundChat, inbound_id)
            if inbound.answered_at is not None:
                return 0
            phone, lang = inbound.phone, language_of(session, inbound.phone)
            state = store.load(phone)
            ctx = Context(services.catalog, services.texts, lang=lang, phone=phone,
                          records=DbRecords(services.database), new_code=format_code(random_code_symbols()),
                          sms_copy=False)
            if inbound.kind == "unsupported":
                turn = ChatTurn((text_message(services.texts(lang, "chat_unsupported")),), state)
            else:
                turn = converse(state, inbound.text, inbound.tapped, ctx)
            key = hashlib.sha256(inbound.wamid.encode()).hexdigest()[:32]
            scope = EffectScope(session, services, phone, f"wa:{key}", "WhatsApp", after, datetime.now(UTC))
            try:
                apply_effects(scope, turn.effects)
            except ApplicationLimitError as exc:  # said politely, as on USSD; nothing was stored
                turn = ChatTurn((text_message(_limit_text(services, lang, exc)),), turn.state)
            reply_lang = (turn.state or {}).get("lang") or chosen_language(turn.effects) or lang
            for n, message in enumerate(turn.messages):
                chat = record_chat(session, services.vault, phone, message, Purpose.REPLY,
                                   f"wa-reply:{key}:{n}", reply_lang)
                after.send_chat(chat.id)
            inbound.keyword = "tap" if inbound.tapped else read_command(inbound.text).name[:20]
            inbound.text = ""  # answered: keep what kind of message it was, not what the resident wrote
            inbound.answered_at = datetime.now(UTC)
    finally:
        if scope is not None:
            scope.release()  # after the commit: the count of open applications is settled
    store.save(phone, turn.state)
    language = chosen_language(turn.effects)
    if language:
        cache_language(services.redis, services.phone_keys, phone, language)
    return 1


def _limit_text(services: Services, lang: str, exc: ApplicationLimitError) -> str:
    service = services.catalog.service(exc.service)
    return services.texts(lang, f"apply_limit_{exc.kind}", service=service.short(lang) if service else "")
