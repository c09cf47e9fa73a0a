"""SMS providers behind one interface (gateway/providers.py), one module each, chosen by SMS_PROVIDER.

Each module reads and validates its own settings (`read_config(env)`) and builds its provider
(`build(config)`). A new provider is one new module here and one line in PROVIDERS.
"""

from dataclasses import dataclass
from typing import Any

from ...providers import SmsProvider
from ...settings import Env
from . import africastalking, android, console

PROVIDERS = {
    "console": console,
    "africastalking": africastalking,
    "android": android,
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


def build(section: SmsSection) -> SmsProvider:
    """Build the chosen provider from its configuration."""
    return PROVIDERS[section.provider].build(section.config)
