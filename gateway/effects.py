"""Carry out what the engine asked for: one handler per effect type, in the caller's transaction.

An effect type without a handler is an error (UnknownEffectError), never a silent drop. Rows are
written here; the jobs that carry them go in `scope.after` and are queued after the commit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from menus import Catalog
from menus.effects import (
    CancelApplication,
    CreateApplication,
    Effect,
    RememberLanguage,
    RequestData,
    SendSms,
    SetBroadcasts,
)

from .errors import UnknownEffectError
from .jobs import AfterCommit
from .store.applications import cancel_by_resident, create_application
from .store.messages import Purpose, record_message
from .store.phones import preference_for, set_broadcasts
from .store.privacy import Channel, open_request_from, record_request
from .store.vault import Vault

DURABLE = (SendSms, CreateApplication)  # what must not be lost when the database is down


@dataclass
class EffectScope:
    """Where effects land: the open transaction, the phone they are for, a dedupe key unique to the
    request (so a re-sent request stores nothing twice), and the channel, for the history."""

    session: Session
    phone: str
    key: str
    channel: str  # "USSD", "SMS"
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


def _send_sms(scope: EffectScope, effect: SendSms, n: int) -> None:
    message = record_message(scope.session, scope.phone, effect.text, effect.purpose, f"{scope.key}:{n}")
    scope.after.send(message.id)


def _create_application(scope: EffectScope, effect: CreateApplication, n: int) -> None:
    create_application(scope.session, scope.vault, scope.catalog, effect, scope.phone, scope.key,
                       scope.channel)
    set_broadcasts(scope.session, scope.phone, effect.consent)
    message = record_message(scope.session, scope.phone, effect.sms, Purpose.REPLY, f"applied:{effect.code}")
    scope.after.send(message.id)


def _set_broadcasts(scope: EffectScope, effect: SetBroadcasts, n: int) -> None:
    set_broadcasts(scope.session, scope.phone, effect.on)


def _cancel_application(scope: EffectScope, effect: CancelApplication, n: int) -> None:
    cancel_by_resident(scope.session, effect.code, scope.phone, reason=f"{scope.channel} BATAL")


def _request_data(scope: EffectScope, effect: RequestData, n: int) -> None:
    # A second DATA while the first is open adds nothing: the office answers the phone once.
    if open_request_from(scope.session, scope.phone, effect.kind) is None:
        record_request(scope.session, effect.kind, Channel.SMS, scope.phone, by="resident",
                       note=scope.channel, source_key=f"{scope.key}:{n}")


HANDLERS: dict[type, Callable[[EffectScope, Effect, int], None]] = {
    RememberLanguage: _remember_language,
    SendSms: _send_sms,
    CreateApplication: _create_application,
    SetBroadcasts: _set_broadcasts,
    CancelApplication: _cancel_application,
    RequestData: _request_data,
}
