"""Carry out one USSD hop: load the session, run the pure engine, store its effects, save and queue."""

import hashlib
import logging
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from menus import Context, Effect, Reply, handle, read_hop, start
from menus.catalog import DEFAULT_LANGUAGE
from menus.codes import format_code
from menus.hop import cumulative_text

from ..effects import DURABLE, EffectScope, apply_effects, chosen_language
from ..errors import ApplicationLimitError, StoreUnavailableError
from ..jobs import AfterCommit
from ..services import Services
from ..store.phones import stored_language
from ..store.records import DbRecords
from ..store.vault import random_code_symbols
from .payloads import UssdHop

log = logging.getLogger(__name__)


def answer_hop(services: Services, hop: UssdHop) -> Reply:
    """Return the reply to a hop; the provider re-sending a hop gets the same reply, no effects."""
    config, limits, now = services.settings.section("ussd"), services.settings.section("limits"), _now()
    loaded = services.sessions.load(hop.session_id, hop.phone, now.timestamp())
    session = loaded.session or {}
    previous_text = session.get("text") if loaded.session else None
    text = hop.text
    if config.input == "latest":
        if _resent(session, hop.text, now.timestamp(), config.resend_seconds):
            return Reply(session["screen"], session["ends"], session["state"])
        text = cumulative_text(previous_text, hop.text, hop.service_code)
    if loaded.stale:
        # A late re-send from a session this phone has left for a newer one: the resident no longer
        # sees it, and answering it must not overwrite the live session (nor run its effects again).
        return Reply(services.texts(loaded.language or DEFAULT_LANGUAGE, "goodbye"), True, {})
    inputs = read_hop(previous_text, text)
    if inputs.repeat or session.get("ends"):
        # A re-sent hop, or one posted after the session ended: the answer given, nothing run again.
        return Reply(session["screen"], session["ends"], session["state"])
    if limits.hops_per_minute and loaded.hops >= limits.hops_per_minute:
        # Not counted and not saved: the phone is served again once the minute is over.
        return Reply(services.texts(loaded.language or DEFAULT_LANGUAGE, "hop_limited"), True, {})
    language = loaded.language
    if language is None and previous_text is None:
        language = stored_language(services.database, hop.phone)
    if loaded.session:  # the snapshot offered on this session's first hop, and when it was dropped
        offered, offered_at = session.get("snapshot"), session.get("offered_at")
    else:  # a snapshot is offered on the first hop only; a shortcut dial means a fresh start
        offered = None if inputs.inputs else loaded.snapshot
        offered_at = loaded.snapshot_at if offered else None
    catalog = services.catalog
    ctx = Context(catalog, services.texts, lang=language or DEFAULT_LANGUAGE, resume=offered,
                  phone=hop.phone, records=DbRecords(services.database),
                  new_code=format_code(random_code_symbols()),
                  memo=services.screens.for_catalog(catalog, services.texts))
    reply = start(ctx) if previous_text is None else None
    effects: list[Effect] = []
    for user_input in inputs.inputs:
        if reply is not None and reply.ends:
            break
        reply = handle(reply.state if reply else session.get("state"), user_input, ctx)
        effects += reply.effects
    try:
        after, refused = record_effects(services, hop.session_id, hop.phone, text, effects, now)
    except ApplicationLimitError as exc:
        after, refused = AfterCommit(), []
        reply = _ended(services, reply, f"apply_limit_{exc.kind}", service=_short_name(services, exc.service,
                                                                                     reply.state["lang"]))
    if refused:
        reply = _ended(services, reply, "sms_limited")
    session = {"text": text, "screen": reply.screen, "ends": reply.ends, "state": reply.state,
               "snapshot": offered, "offered_at": offered_at}
    if config.input == "latest":
        session["last"] = hop.text
    queue = (lambda pipe: after.queue(services.jobs, pipeline=pipe)) if after.pending else None
    try:
        services.sessions.save(hop.session_id, hop.phone, session, _snapshot(reply), now.timestamp(),
                               hops=loaded.hops + 1, language=chosen_language(effects),
                               looked_up=language if loaded.language is None else None, jobs=queue,
                               earlier=loaded.earlier)
    except StoreUnavailableError:
        if not (reply.ends and after.pending):
            raise
        # Redis went away after the database took the application: what the screen promises is
        # stored, and the sweep queues its SMS. Saying sorry now would hide a code that exists.
        log.warning("USSD hop: Redis unreachable after the database stored its effects; the sweep "
                    "will queue their SMS")
    return reply


def record_effects(services: Services, session_id: str, phone: str, text: str, effects: list[Effect],
                   now: datetime) -> tuple[AfterCommit, list[str]]:
    """Store what the hop changed (the phone's language, an application, SMS to send) in one
    transaction before anything is queued; the same hop stores it once. Return the jobs to queue and
    the SMS the phone's limit left out; raise ApplicationLimitError for an application over its limit.

    The language goes to the database here, not through a job: a job would carry the phone number
    into Redis and the worker's log.
    """
    after = AfterCommit()
    if not effects:
        return after, []
    hop_key = hashlib.sha256(f"{session_id}\n{text}".encode()).hexdigest()[:32]
    try:
        with Session(services.database) as session:
            scope = EffectScope(session, services, phone, f"ussd:{hop_key}", "USSD", after, now)
            try:
                with session.begin():
                    apply_effects(scope, effects)
            finally:
                scope.release()
    except SQLAlchemyError:
        if any(isinstance(e, DURABLE) for e in effects):
            raise
        # Only a language choice: menus work without the database, and Redis keeps it for a week.
        log.warning("database unreachable; a language choice is kept in Redis only")
        return AfterCommit(), []
    return after, scope.refused


def _ended(services: Services, reply: Reply, key: str, **values: str) -> Reply:
    """End the session politely with text `key` in place of what the engine meant to say."""
    return Reply(services.texts(reply.state["lang"], key, **values), True, reply.state)


def _short_name(services: Services, key: str, lang: str) -> str:
    service = services.catalog.service(key)
    return service.short(lang) if service else key


def _now() -> datetime:
    return datetime.now(UTC)


def _resent(session: dict, latest: str, now: float, window: float) -> bool:
    """In latest mode: the same input as the last hop, too soon after our answer to be a person."""
    if not session or "last" not in session:
        return False
    return latest == session["last"] and 0 <= now - session.get("at", 0) <= window


def _snapshot(reply: Reply) -> dict | str | None:
    """Keep the screen to resume on, keep the old one while it is on offer, else forget it."""
    if reply.resumable:
        return reply.state
    if not reply.ends and reply.state["stack"][-1]["n"] == "resume":
        return "keep"
    return None
