"""Every effect the engine can ask for has exactly one handler; an unknown one is an error."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from gateway.effects import HANDLERS, EffectScope, apply_effects
from gateway.errors import UnknownEffectError
from gateway.jobs import AfterCommit
from gateway.services import services_of
from menus.effects import EFFECT_TYPES, SendSms


def test_every_effect_type_has_a_handler():
    assert set(HANDLERS) == set(EFFECT_TYPES)


def test_an_effect_without_a_handler_is_an_error_not_a_silent_drop(app, database):
    @dataclass(frozen=True)
    class Teleport:
        where: str

    services = services_of(app)
    with Session(database) as session:
        scope = EffectScope(session, services, "+6281234567890", "t", "SMS", AfterCommit(), datetime.now(UTC))
        with pytest.raises(UnknownEffectError, match="Teleport"):
            apply_effects(scope, [SendSms("Halo"), Teleport("moon")])
