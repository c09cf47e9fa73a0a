"""Carry out one USSD hop: load the session, run the pure engine, store its effects, save and queue."""

import hashlib
import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from menus import Context, Effect, Reply, handle, read_hop, start
from menus.catalog import DEFAULT_LANGUAGE
from menus.codes import format_code

from ..effects import DURABLE, EffectScope, apply_effects, chosen_language
from ..jobs import AfterCommit
from ..services import Services
from ..store.phones import stored_language
from ..store.records import DbRecords
from ..store.vault import random_code_symbols
from .payloads import UssdHop

log = logging.getLogger(__name__)


def answer_hop(services: Services, hop: UssdHop) -> Reply:
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
    after = record_effects(services, hop, effects)
    session = {"text": hop.text, "screen": reply.screen, "ends": reply.ends, "state": reply.state,
               "snapshot": offered}
    queue = None if after.empty else lambda pipe: after.queue(services.jobs, pipeline=pipe)
    services.sessions.save(hop.session_id, hop.phone, session, _snapshot(reply),
                           language=chosen_language(effects),
                           looked_up=language if loaded.language is None else None,
                           jobs=queue)
    return reply


def record_effects(services: Services, hop: UssdHop, effects: list[Effect]) -> AfterCommit:
    """Store what the hop changed (the phone's language, an application, SMS to send) in one
    transaction before anything is queued; the same hop stores it once. Return the jobs to queue.

    The language goes to the database here, not through a job: a job would carry the phone number
    into Redis and the worker's log.
    """
    after = AfterCommit()
    if not effects:
        return after
    hop_key = hashlib.sha256(f"{hop.session_id}\n{hop.text}".encode()).hexdigest()[:32]
    try:
        with Session(services.database) as session, session.begin():
            scope = EffectScope(session, hop.phone, f"ussd:{hop_key}", "USSD", services.catalog,
                                services.vault, after)
            apply_effects(scope, effects)
    except SQLAlchemyError:
        if any(isinstance(e, DURABLE) for e in effects):
            raise
        # Only a language choice: menus work without the database, and Redis keeps it for a week.
        log.warning("database unreachable; a language choice is kept in Redis only")
        return AfterCommit()
    return after


def _snapshot(reply: Reply) -> dict | str | None:
    """Keep the screen to resume on, keep the old one while it is on offer, else forget it."""
    if reply.resumable:
        return reply.state
    if not reply.ends and reply.state["stack"][-1]["n"] == "resume":
        return "keep"
    return None
