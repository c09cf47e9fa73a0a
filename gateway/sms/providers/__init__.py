"""SMS providers behind one interface (gateway/providers.py), one module each, chosen by SMS_PROVIDER.

Each module reads and validates its own settings (`read_config(env)`) and builds its provider
(`build(config, redis)`). A new provider is one new module here and one line in PROVIDERS.
"""

from dataclasses import dataclass
from typing import Any

from redis import Redis

from ...providers import SmsProvider
from ...settings import Env
from . import africastalking, android, console, smpp

PROVIDERS = {
    "console": console,
    "africastalking": africastalking,
    "android": android,
    "smpp": smpp,
}


@dataclass(frozen=True)
class SmsSection:
    """The SMS settings: which provider, and that provider's own configuration."""

    provider: str
    config: Any


def read_section(env: Env) -> SmsSection:
    """Read SMS_PROVIDER and the chosen provider's settings (Settings.section("sms"))."""
    name = env.text("SMS_PROVIDER", "console")
    module = PROVIDERS.get(name)
    if module is None:
        env.problem(f"SMS_PROVIDER={name!r}: must be one of {', '.join(PROVIDERS)}")
        return SmsSection(name, None)
    return SmsSection(name, module.read_config(env))


def build(section: SmsSection, client: Redis) -> SmsProvider:
    """Build the chosen provider from its configuration; a provider that works through Redis (SMPP's
    send jobs hand their submits to the bind process) is given the client."""
    return PROVIDERS[section.provider].build(section.config, client)
