"""Carry out what the engine asked for: one handler per effect type, in the caller's transaction.

An effect type without a handler is an error (UnknownEffectError), never a silent drop. Rows are
written here; the jobs that carry them go in `scope.after` and are queued after the commit. Limits
hold here too: an application over its limit raises ApplicationLimitError, and an SMS the phone may
not have any more is left out and named in `scope.refused`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from redis.exceptions import LockError
from redis.lock import Lock
from sqlalchemy.orm import Session

from menus.chat import text_message
from menus.effects import (
    CancelApplication,
    CreateApplication,
    Effect,
    RememberLanguage,
    RequestData,
    SendSms,
    SetBroadcasts,
)

from .errors import ApplicationLimitError, UnknownEffectError
from .jobs import AfterCommit
from .services import Services
from .store.applications import cancel_by_resident, check_open_limits, create_application
from .store.chats import record_chat
from .store.messages import Purpose, record_message
from .store.phones import language_of, note_channel, preference_for, set_broadcasts
from .store.privacy import Channel, open_request_from, record_request

DURABLE = (SendSms, CreateApplication)  # what must not be lost when the database is down


@dataclass
class EffectScope:
    """Where effects land: the open transaction, the phone they are for, a dedupe key unique to the
    request (so a re-sent request stores nothing twice), and the channel, for the history."""

    session: Session
    services: Services
    phone: str
    key: str
    channel: str  # "USSD", "SMS", "WhatsApp": where the request came from, and where replies go
    after: AfterCommit
    now: datetime
    refused: list[str] = field(default_factory=list)  # SMS left out: the phone's limit was reached
    locks: list[Lock] = field(default_factory=list)  # held until the transaction has committed

    def release(self) -> None:
        """Let go of the locks taken; call it once the transaction is over, committed or not."""
        for lock in self.locks:
            try:
                lock.release()
            except LockError:  # it expired meanwhile: nothing to release
                pass
        self.locks.clear()

    def lock(self, name: str) -> None:
        """Hold a Redis lock until release(); ApplicationLimitError("busy") if it stays taken."""
        lock = self.services.redis.lock(f"sapa:lock:{name}", timeout=15, blocking_timeout=5)
        if not lock.acquire():
            raise ApplicationLimitError("busy", "")
        self.locks.append(lock)

    def reply_allowed(self) -> bool:
        """Take one of the phone's SMS for a reply; False (and noted) when it has none left."""
        allowed = self.services.counters.take_sms(self.phone, self.now)
        if not allowed:
            self.refused.append("sms")
        return allowed


def apply_effects(scope: EffectScope, effects: tuple[Effect, ...] | list[Effect]) -> None:
    """Run each effect's handler in order."""
    for n, effect in enumerate(effects):
        handler = HANDLERS.get(type(effect))
        if handler is None:
            raise UnknownEffectError(f"no handler for the effect {type(effect).__name__}")
        handler(scope, effect, n)


def chosen_language(effects: tuple[Effect, ...] | list[Effect]) -> str | None:
    """The last language the effects choose, for the caller to cache in Redis."""
    return next((e.lang for e in reversed(effects) if isinstance(e, RememberLanguage)), None)


def _remember_language(scope: EffectScope, effect: RememberLanguage, n: int) -> None:
    preference_for(scope.session, scope.phone).language = effect.lang


def reply(scope: EffectScope, text: str, purpose: str, dedupe_key: str, by_sms_if_lost: bool = False) -> None:
    """Record a message to the phone that asked, on the channel it asked on; on WhatsApp,
    `by_sms_if_lost` sends it by SMS instead when WhatsApp cannot deliver it. An SMS reply takes
    one of the phone's SMS (gateway/limits.py); past its limit it is left out."""
    if scope.channel == "WhatsApp":
        lang = language_of(scope.session, scope.phone)
        chat = record_chat(scope.session, scope.services.vault, scope.phone, text_message(text), purpose,
                           dedupe_key, lang, fallback_text=text if by_sms_if_lost else "")
        scope.after.send_chat(chat.id)
        return
    if purpose == Purpose.REPLY and not scope.reply_allowed():
        return
    message = record_message(scope.session, scope.phone, text, purpose, dedupe_key)
    scope.after.send(message.id)


def _send_sms(scope: EffectScope, effect: SendSms, n: int) -> None:
    reply(scope, effect.text, effect.purpose, f"{scope.key}:{n}")


def _create_application(scope: EffectScope, effect: CreateApplication, n: int) -> None:
    services = scope.services
    # Counting open applications and adding one must be one step for every process: SQLite runs
    # the count outside any write lock, so two confirms at once would both count none.
    scope.lock(f"nik:{services.vault.search_hash(effect.nik)[:32]}")
    scope.lock(f"phone:{services.phone_keys(scope.phone).rsplit(':', 1)[-1]}")
    check_open_limits(scope.session, services.vault, services.settings.section("limits"), effect, scope.phone,
                      scope.key)
    create_application(scope.session, services.vault, services.catalog, effect, scope.phone, scope.key,
                       scope.channel)
    set_broadcasts(scope.session, scope.phone, effect.consent)
    if scope.channel != "WhatsApp":  # a WhatsApp message noted the channel, and its time, already
        note_channel(scope.session, scope.phone, "sms")
    # The tracking code matters: on WhatsApp it goes by SMS too if WhatsApp cannot deliver it. Past
    # the phone's SMS limit the application stands without its SMS: the code is on the screen.
    reply(scope, effect.sms, Purpose.REPLY, f"applied:{effect.code}", by_sms_if_lost=True)


def _set_broadcasts(scope: EffectScope, effect: SetBroadcasts, n: int) -> None:
    set_broadcasts(scope.session, scope.phone, effect.on)


def _cancel_application(scope: EffectScope, effect: CancelApplication, n: int) -> None:
    cancel_by_resident(scope.session, effect.code, scope.phone, reason=f"{scope.channel} BATAL")


def _request_data(scope: EffectScope, effect: RequestData, n: int) -> None:
    # A second DATA while the first is open adds nothing: the office answers the phone once.
    if open_request_from(scope.session, scope.phone, effect.kind) is None:
        channel = Channel.WHATSAPP if scope.channel == "WhatsApp" else Channel.SMS
        record_request(scope.session, effect.kind, channel, scope.phone, by="resident",
                       source_key=f"{scope.key}:{n}")


HANDLERS: dict[type, Callable[[EffectScope, Effect, int], None]] = {
    RememberLanguage: _remember_language,
    SendSms: _send_sms,
    CreateApplication: _create_application,
    SetBroadcasts: _set_broadcasts,
    CancelApplication: _cancel_application,
    RequestData: _request_data,
}
