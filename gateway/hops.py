"""Carry out one USSD hop: load the session, run the pure engine, save, and queue its effects."""

import hashlib
import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from menus import Context, Effect, Reply, handle, read_hop, start
from menus.catalog import DEFAULT_LANGUAGE
from menus.codes import format_code
from workers.preferences import preference_for, set_broadcasts

from .applications import DbRecords, create_application
from .models import Purpose
from .outbox import enqueue_send, record_message
from .payloads import UssdHop
from .preferences import stored_language
from .vault import random_code_symbols

DURABLE_WORK = ("send_sms", "create_application")  # effects that must not be lost with the database
log = logging.getLogger(__name__)


def answer_hop(services, hop: UssdHop) -> Reply:
    """Return the reply to a hop; the provider re-sending a hop gets the same reply, no effects."""
    loaded = services.sessions.load(hop.session_id, hop.phone)
    session = loaded.session or {}
    previous_text = session.get("text") if loaded.session else None
    inputs = read_hop(previous_text, hop.text)
    if inputs.repeat or session.get("ends"):
        # A re-sent hop, or one posted after the session ended: the answer given, nothing run again.
        return Reply(session["screen"], session["ends"], session["state"])
    language = loaded.language
    if language is None and previous_text is None:
        language = stored_language(services.database, hop.phone)
    # A snapshot is offered on the first hop only; a shortcut dial means a fresh start.
    offered = session.get("snapshot") if loaded.session else (None if inputs.inputs else loaded.snapshot)
    ctx = Context(services.catalog, services.texts, lang=language or DEFAULT_LANGUAGE, resume=offered,
                  phone=hop.phone, records=DbRecords(services.database),
                  new_code=format_code(random_code_symbols()))
    reply = start(ctx) if previous_text is None else None
    effects: list[Effect] = []
    for user_input in inputs.inputs:
        if reply is not None and reply.ends:
            break
        reply = handle(reply.state if reply else session.get("state"), user_input, ctx)
        effects += reply.effects
    language_choice = next((e.data["lang"] for e in reversed(effects) if e.kind == "remember_language"), None)
    try:
        message_ids = record_effects(services, hop, effects)
    except SQLAlchemyError:
        if any(e.kind in DURABLE_WORK for e in effects):
            raise
        # Only a language choice: menus work without the database, and Redis keeps it for a week.
        log.warning("database unreachable; a language choice is kept in Redis only")
        message_ids = []

    def enqueue(pipe):
        for message_id in message_ids:
            enqueue_send(services.queue, message_id, services.settings.sms_retry_seconds, pipeline=pipe)

    session = {"text": hop.text, "screen": reply.screen, "ends": reply.ends, "state": reply.state,
               "snapshot": offered}
    services.sessions.save(hop.session_id, hop.phone, session, _snapshot(reply),
                           language=language_choice or (language if loaded.language is None else None),
                           jobs=enqueue)
    return reply


def record_effects(services, hop: UssdHop, effects: list[Effect]) -> list[int]:
    """Store what the hop changed (the phone's language, an application, SMS to send) before anything
    is queued, in one transaction; the same hop stores it once. Return the ids of the SMS to send.

    The language goes to the database here, not through a job: a job would carry the phone number
    into Redis and the worker's log.
    """
    languages = [e.data["lang"] for e in effects if e.kind == "remember_language"]
    durable = [e for e in effects if e.kind in DURABLE_WORK]
    if not durable and not languages:
        return []
    hop_key = hashlib.sha256(f"{hop.session_id}\n{hop.text}".encode()).hexdigest()[:32]
    messages = []
    with Session(services.database) as session, session.begin():
        if languages:
            preference_for(session, hop.phone).language = languages[-1]
        for n, effect in enumerate(durable):
            if effect.kind == "create_application":
                create_application(session, services.vault, services.catalog, effect.data, hop.phone,
                                   f"ussd:{hop_key}")
                set_broadcasts(session, hop.phone, effect.data["consent"])
                messages.append(record_message(session, hop.phone, effect.data["sms"], Purpose.REPLY,
                                               f"applied:{effect.data['code']}"))
            else:
                messages.append(record_message(session, hop.phone, effect.data["text"],
                                               effect.data["purpose"], f"ussd:{hop_key}:{n}"))
        session.flush()
        return [m.id for m in messages]


def _snapshot(reply: Reply) -> dict | str | None:
    """Keep the screen to resume on, keep the old one while it is on offer, else forget it."""
    if reply.resumable:
        return reply.state
    if not reply.ends and reply.state["stack"][-1]["n"] == "resume":
        return "keep"
    return None
