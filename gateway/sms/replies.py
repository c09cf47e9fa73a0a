"""Answer an incoming SMS: apply the resident's choices and queue the reply exactly once."""

from datetime import UTC, datetime

from menus import Context
from menus.keywords import read_command
from menus.sms import answer_sms

from ..effects import EffectScope, apply_effects, chosen_language
from ..jobs import recording
from ..services import Services
from ..store.database import scrub
from ..store.inbox import InboundSms
from ..store.messages import Purpose, record_message
from ..store.phones import cache_language, language_of
from ..store.records import DbRecords


def answer_incoming(services: Services, inbound_id: int) -> str:
    """Work out the reply to an incoming SMS, apply its choices, and queue the reply once."""
    with recording(services.database, services.jobs) as (session, after):
        inbound = session.get(InboundSms, inbound_id)
        if inbound is None or inbound.answered_at is not None:
            return "nothing to do"
        ctx = Context(services.catalog, services.texts, lang=language_of(session, inbound.phone),
                      phone=inbound.phone, records=DbRecords(services.database))
        reply = answer_sms(inbound.text, ctx)
        scope = EffectScope(session, services, inbound.phone, f"sms:{inbound.provider_id}", "SMS", after,
                            datetime.now(UTC))
        apply_effects(scope, reply.effects)
        message_id = None
        if scope.reply_allowed():  # past the phone's limit, its choices stand but no reply goes out
            message = record_message(session, inbound.phone, reply.text, Purpose.REPLY,
                                     f"reply:{inbound.provider_id}")
            after.send(message.id)
            message_id = message.id
        inbound.keyword = read_command(inbound.text).name
        inbound.text = ""  # answered: keep the keyword, not what the resident wrote
        inbound.answered_at = scope.now
        phone, language = inbound.phone, chosen_language(reply.effects)
    scrub(services.database)  # SQLite: the text just cleared must not linger in the WAL file
    if language:
        cache_language(services.redis, services.phone_keys, phone, language)
    return f"answered with message {message_id}" if message_id else "answered; no reply: SMS limit reached"

