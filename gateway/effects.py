"""Carry out what the engine asked for: one handler per effect type, in the caller's transaction.

An effect type without a handler is an error (UnknownEffectError), never a silent drop. Rows are
written here; the jobs that carry them go in `scope.after` and are queued after the commit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from menus import Catalog
from menus.chat import text_message
from menus.effects import (
    CancelApplication,
    CreateApplication,
    Effect,
    RememberLanguage,
    SendSms,
    SetBroadcasts,
)

from .errors import UnknownEffectError
from .jobs import AfterCommit
from .store.applications import cancel_by_resident, create_application
from .store.chats import record_chat
from .store.messages import Purpose, record_message
from .store.phones import language_of, note_channel, preference_for, set_broadcasts
from .store.vault import Vault

DURABLE = (SendSms, CreateApplication)  # what must not be lost when the database is down


@dataclass
class EffectScope:
    """Where effects land: the open transaction, the phone they are for, a dedupe key unique to the
    request (so a re-sent request stores nothing twice), and the channel, for the history."""

    session: Session
    phone: str
    key: str
    channel: str  # "USSD", "SMS", "WhatsApp": where the request came from, and where replies go
    catalog: Catalog
    vault: Vault
    after: AfterCommit


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
    `by_sms_if_lost` sends it by SMS instead when WhatsApp cannot deliver it."""
    if scope.channel == "WhatsApp":
        lang = language_of(scope.session, scope.phone)
        chat = record_chat(scope.session, scope.vault, scope.phone, text_message(text), purpose, dedupe_key,
                           lang, fallback_text=text if by_sms_if_lost else "")
        scope.after.send_chat(chat.id)
        return
    message = record_message(scope.session, scope.phone, text, purpose, dedupe_key)
    scope.after.send(message.id)


def _send_sms(scope: EffectScope, effect: SendSms, n: int) -> None:
    reply(scope, effect.text, effect.purpose, f"{scope.key}:{n}")


def _create_application(scope: EffectScope, effect: CreateApplication, n: int) -> None:
    create_application(scope.session, scope.vault, scope.catalog, effect, scope.phone, scope.key,
                       scope.channel)
    set_broadcasts(scope.session, scope.phone, effect.consent)
    if scope.channel != "WhatsApp":  # a WhatsApp message noted the channel, and its time, already
        note_channel(scope.session, scope.phone, "sms")
    # The tracking code matters: on WhatsApp it goes by SMS too if WhatsApp cannot deliver it.
    reply(scope, effect.sms, Purpose.REPLY, f"applied:{effect.code}", by_sms_if_lost=True)


def _set_broadcasts(scope: EffectScope, effect: SetBroadcasts, n: int) -> None:
    set_broadcasts(scope.session, scope.phone, effect.on)


def _cancel_application(scope: EffectScope, effect: CancelApplication, n: int) -> None:
    cancel_by_resident(scope.session, effect.code, scope.phone, reason=f"{scope.channel} BATAL")


HANDLERS: dict[type, Callable[[EffectScope, Effect, int], None]] = {
    RememberLanguage: _remember_language,
    SendSms: _send_sms,
    CreateApplication: _create_application,
    SetBroadcasts: _set_broadcasts,
    CancelApplication: _cancel_application,
}
