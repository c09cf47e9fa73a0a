"""The WhatsApp room's settings: Meta's Cloud API account, the webhook's secrets, the status template.

WhatsApp is on when its settings are present and off when none is; when only some are, start-up
names every one that is missing, with the other problems.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..settings import Env

REQUIRED = ("WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN",
            "WHATSAPP_TEMPLATE_STATUS")
OPTIONAL = ("WHATSAPP_API_BASE_URL", "WHATSAPP_API_VERSION", "WHATSAPP_TEMPLATE_LANGUAGES")
DEFAULT_BASE_URL = "https://graph.facebook.com"
DEFAULT_VERSION = "v23.0"
DEFAULT_LANGUAGES = "id:id,en:en"  # our language : the language code the template was approved in


@dataclass(frozen=True)
class WhatsAppConfig:
    """Meta's Cloud API account and the office's approved status template."""

    token: str = field(repr=False)
    phone_number_id: str
    app_secret: str = field(repr=False)
    verify_token: str = field(repr=False)
    api_base_url: str
    api_version: str
    status_template: str
    template_languages: Mapping[str, str]

    @property
    def messages_url(self) -> str:
        return f"{self.api_base_url}/{self.api_version}/{self.phone_number_id}/messages"


def read_section(env: Env) -> WhatsAppConfig | None:
    """Read the WHATSAPP_* settings (Settings.section("whatsapp")); None when none is set."""
    if not any(env.text(name) for name in (*REQUIRED, *OPTIONAL)):
        return None
    for name in REQUIRED:
        if not env.text(name):
            env.problem(f"{name}: required for WhatsApp, which is on because other WHATSAPP_ settings "
                        f"are set (set all of {', '.join(REQUIRED)}, or none)")
    phone_number_id = env.text("WHATSAPP_PHONE_NUMBER_ID")
    if phone_number_id and not re.fullmatch(r"\d{5,30}", phone_number_id):
        env.problem(f"WHATSAPP_PHONE_NUMBER_ID={phone_number_id!r}: the number's id in Meta's WhatsApp "
                    "Manager (digits), not the phone number")
    version = env.text("WHATSAPP_API_VERSION", DEFAULT_VERSION)
    if not re.fullmatch(r"v\d{1,3}\.\d", version):
        env.problem(f"WHATSAPP_API_VERSION={version!r}: a Graph API version such as {DEFAULT_VERSION}")
    template = env.text("WHATSAPP_TEMPLATE_STATUS")
    if template and not re.fullmatch(r"[a-z0-9_]{1,512}", template):
        env.problem(f"WHATSAPP_TEMPLATE_STATUS={template!r}: a template name (lower-case letters, digits, _)")
    for name in ("WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"):
        if env.text(name) and len(env.text(name)) < 8:
            env.problem(f"{name}: too short to be a secret (at least 8 characters)")
    return WhatsAppConfig(
        token=env.text("WHATSAPP_TOKEN"), phone_number_id=phone_number_id,
        app_secret=env.text("WHATSAPP_APP_SECRET"), verify_token=env.text("WHATSAPP_VERIFY_TOKEN"),
        api_base_url=env.http_url("WHATSAPP_API_BASE_URL", DEFAULT_BASE_URL), api_version=version,
        status_template=template, template_languages=_languages(env))


def _languages(env: Env) -> dict[str, str]:
    raw = env.text("WHATSAPP_TEMPLATE_LANGUAGES", DEFAULT_LANGUAGES)
    pairs = [part.split(":", 1) for part in raw.split(",") if part.strip()]
    languages = {ours.strip(): code.strip() for ours, code in (p for p in pairs if len(p) == 2)}
    if set(languages) != {"id", "en"} or len(pairs) != 2 or not all(
            re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", code) for code in languages.values()):
        env.problem(f"WHATSAPP_TEMPLATE_LANGUAGES={raw!r}: the code each language's template was approved "
                    f"in, like {DEFAULT_LANGUAGES} (or id:id,en:en_US)")
        return {"id": "id", "en": "en"}
    return languages
