"""Carry out one USSD hop: load the session, run the pure engine, save, and queue its effects."""

import hashlib

from rq import Retry
from sqlalchemy.orm import Session

from menus import Context, Effect, Reply, handle, read_hop, start
from workers import preferences

from .outbox import enqueue_send, record_message
from .payloads import UssdHop
from .preferences import stored_language

JOB_RETRY = Retry(max=5, interval=[5, 30, 120, 600, 1800])


def answer_hop(services, hop: UssdHop) -> Reply:
    """Return the reply to a hop; the provider re-sending a hop gets the same reply, no effects."""
    loaded = services.sessions.load(hop.session_id, hop.phone)
    session = loaded.session or {}
    previous_text = session.get("text") if loaded.session else None
    inputs = read_hop(previous_text, hop.text)
    if inputs.repeat:
        return Reply(session["screen"], session["ends"], session["state"])
    language = loaded.language
    if language is None and previous_text is None:
        language = stored_language(services.database, hop.phone)
    # A snapshot is offered on the first hop only; a shortcut dial means a fresh start.
    offered = session.get("snapshot") if loaded.session else (None if inputs.inputs else loaded.snapshot)
    ctx = Context(services.catalog, services.texts, lang=language or "id", resume=offered)
    reply = start(ctx) if previous_text is None else None
    effects: list[Effect] = []
    for user_input in inputs.inputs:
        if reply is not None and reply.ends:
            break
        reply = handle(reply.state if reply else session.get("state"), user_input, ctx)
        effects += reply.effects
    language_choice = next((e.data["lang"] for e in effects if e.kind == "remember_language"), None)
    message_ids = record_sms(services, hop, [e for e in effects if e.kind == "send_sms"])

    def enqueue(pipe):
        if language_choice:
            services.queue.enqueue(preferences.remember_language, hop.phone, language_choice,
                                   retry=JOB_RETRY, pipeline=pipe)
        for message_id in message_ids:
            enqueue_send(services.queue, message_id, services.settings.sms_retry_seconds, pipeline=pipe)

    session = {"text": hop.text, "screen": reply.screen, "ends": reply.ends, "state": reply.state,
               "snapshot": offered}
    services.sessions.save(hop.session_id, hop.phone, session, _snapshot(reply),
                           language=language_choice or (language if loaded.language is None else None),
                           jobs=enqueue)
    return reply


def record_sms(services, hop: UssdHop, effects: list[Effect]) -> list[int]:
    """Record each SMS the hop asked for before anything is queued; the same hop records once."""
    if not effects:
        return []
    hop_key = hashlib.sha256(f"{hop.session_id}\n{hop.text}".encode()).hexdigest()[:32]
    with Session(services.database) as session, session.begin():
        messages = [record_message(session, hop.phone, e.data["text"], e.data["purpose"],
                                   f"ussd:{hop_key}:{n}") for n, e in enumerate(effects)]
        session.flush()
        return [m.id for m in messages]


def _snapshot(reply: Reply) -> dict | str | None:
    """Keep the screen to resume on, keep the old one while it is on offer, else forget it."""
    if reply.resumable:
        return reply.state
    if not reply.ends and reply.state["stack"][-1]["n"] == "resume":
        return "keep"
    return None
