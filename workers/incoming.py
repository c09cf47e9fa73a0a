"""Answer an incoming SMS: apply the resident's choices and queue the reply exactly once."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from gateway.applications import DbRecords, cancel_by_resident
from gateway.models import InboundSms, PhonePreference, Purpose
from gateway.outbox import enqueue_send, record_message
from menus import Context
from menus.catalog import DEFAULT_LANGUAGE
from menus.keywords import read_command
from menus.sms import answer_sms

from . import runtime
from .preferences import preference_for, set_broadcasts


def answer_incoming(inbound_id: int) -> str:
    """Work out the reply to an incoming SMS, apply its choices, and queue the reply once."""
    with Session(runtime.database()) as session, session.begin():
        inbound = session.get(InboundSms, inbound_id)
        if inbound is None or inbound.answered_at is not None:
            return "nothing to do"
        preference = session.get(PhonePreference, inbound.phone)
        current = preference.language if preference else DEFAULT_LANGUAGE
        ctx = Context(runtime.catalog(), runtime.texts(), lang=current, phone=inbound.phone,
                      records=DbRecords(runtime.database()))
        reply = answer_sms(inbound.text, ctx)
        language = None
        for effect in reply.effects:
            if effect.kind == "remember_language":
                language = effect.data["lang"]
                preference_for(session, inbound.phone).language = language
            elif effect.kind == "broadcasts":
                set_broadcasts(session, inbound.phone, effect.data["on"])
            elif effect.kind == "cancel_application":
                cancel_by_resident(session, effect.data["code"], inbound.phone)
        message = record_message(session, inbound.phone, reply.text, Purpose.REPLY,
                                 f"reply:{inbound.provider_id}")
        inbound.keyword = read_command(inbound.text).name
        inbound.text = ""  # answered: keep the keyword, not what the resident wrote
        inbound.answered_at = datetime.now(UTC)
        session.flush()
        message_id, phone = message.id, inbound.phone
    if language:
        runtime.sessions().remember_language(phone, language)
    enqueue_send(runtime.queue(), message_id, runtime.settings().sms_retry_seconds)
    return f"answered with message {message_id}"
