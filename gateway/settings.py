"""Build one frozen, validated Settings object from the environment, for web and workers alike.

The core settings are read here. A room with settings of its own (the SMS provider's account, say)
reads and validates its section with a reader it hands to `Settings.from_env`, through the same
`Env`, so every problem in every section is named in one message at start.
"""

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import SettingsError
from .store.vault import valid_data_key

DEFAULT_CATALOG = Path(__file__).resolve().parents[1] / "menus" / "catalog.toml"
ENVIRONMENTS = ("production", "development")
FLAGS = {"1": True, "true": True, "0": False, "false": False}


class Env:
    """Read settings from one environment mapping; each bad value adds a line to `problems`."""

    def __init__(self, environ: Mapping[str, str]):
        self.values = dict(environ)
        self.problems: list[str] = []
        self.production = self.text("SAPA_ENV", "production") == "production"

    def text(self, name: str, default: str = "") -> str:
        return self.values.get(name, default).strip()

    def number(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.text(name, str(default))
        if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:  # isdigit() takes "²"
            self.problem(f"{name}={raw!r}: must be a whole number from {low} to {high}")
            return default
        return int(raw)

    def flag(self, name: str, default: bool) -> bool:
        raw = self.text(name)
        if raw and raw.lower() not in FLAGS:
            self.problem(f"{name}={raw!r}: must be 1, 0, true or false")
        return FLAGS.get(raw.lower(), default)

    def http_url(self, name: str, default: str = "") -> str:
        """An http(s) URL without its trailing slash."""
        value = self.text(name, default).rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.problem(f"{name}={value!r}: must be an http(s) URL")
        return value

    def required(self, name: str, why: str) -> str:
        value = self.text(name)
        if not value:
            self.problem(f"{name}: required {why}")
        return value

    def problem(self, line: str) -> None:
        self.problems.append(line)


SectionReader = Callable[[Env], Any]


@dataclass(frozen=True)
class Settings:
    """Everything Sapa reads from its environment; see the configuration table in README.md."""

    env: str
    port: int
    redis_url: str
    database_url: str
    secret_key: str
    callback_token: str
    simulator_enabled: bool  # the /simulator page, which hands out the callback token
    session_resume_seconds: int
    catalog_path: Path
    timezone: str
    quiet_hours: tuple[int, int] | None  # minutes after local midnight: (start, end)
    sms_retry_seconds: tuple[int, ...]
    data_key: str
    sms_price_per_segment: int  # in rupiah, for the cost shown before a broadcast
    data_key_old: str = ""  # the key being rotated out: still read, never written
    proxy_hops: int = 0  # reverse proxies in front whose X-Forwarded-For/-Proto we trust
    sections: Mapping[str, Any] = field(default_factory=dict)  # each room's own, by room name

    @property
    def development(self) -> bool:
        return self.env == "development"

    def section(self, name: str) -> Any:
        """The settings a room read for itself (see SectionReader)."""
        return self.sections[name]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 sections: Mapping[str, SectionReader] | None = None) -> "Settings":
        """Read and check every setting; raise SettingsError naming every problem at once."""
        env = Env(os.environ if environ is None else environ)
        sapa_env = env.text("SAPA_ENV", "production")
        if sapa_env not in ENVIRONMENTS:
            env.problem(f"SAPA_ENV={sapa_env!r}: must be one of {', '.join(ENVIRONMENTS)}")
        redis_url = env.text("REDIS_URL")
        if urlsplit(redis_url).scheme not in ("redis", "rediss", "unix"):
            env.problem("REDIS_URL: required, e.g. redis://127.0.0.1:6379/0")
        database_url = env.text("DATABASE_URL")
        if not database_url.startswith(("sqlite:", "postgresql")):
            env.problem("DATABASE_URL: required, e.g. postgresql+psycopg://sapa@db/sapa "
                        "or sqlite:///instance/sapa.db")
        secret_key = env.text("SECRET_KEY")
        if len(secret_key) < 32:
            env.problem("SECRET_KEY: required, at least 32 random characters "
                        "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")
        callback_token = env.text("CALLBACK_TOKEN")
        if sapa_env == "production" and len(callback_token) < 16:
            env.problem("CALLBACK_TOKEN: required in production, at least 16 characters; "
                        "put it in the callback URLs as ?token=...")
        catalog_path = Path(env.text("CATALOG_PATH") or DEFAULT_CATALOG)
        if not catalog_path.is_file():
            env.problem(f"CATALOG_PATH={str(catalog_path)!r}: no such file")
        timezone = env.text("TIMEZONE", "Asia/Jakarta")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            env.problem(f"TIMEZONE={timezone!r}: not a time zone name such as Asia/Jakarta")
        retry = env.text("SMS_RETRY_SECONDS", "30,120,600,1800,7200")
        if not re.fullmatch(r"\d{1,5}(,\d{1,5}){0,9}", retry):
            env.problem(f"SMS_RETRY_SECONDS={retry!r}: comma-separated seconds, e.g. 30,120,600")
            retry = "30"
        data_key = env.text("DATA_KEY")
        if not valid_data_key(data_key):
            env.problem("DATA_KEY: required, the key that encrypts NIK at rest (make one: python -c "
                        "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
                        "); keep a copy offline: without it stored NIKs cannot be read")
        data_key_old = env.text("DATA_KEY_OLD")
        if data_key_old and (not valid_data_key(data_key_old) or data_key_old == data_key):
            env.problem("DATA_KEY_OLD: must be the previous Fernet DATA_KEY (only while `flask keys rotate` "
                        "re-encrypts), not the new one")
        settings = cls(
            env=sapa_env, port=env.number("PORT", 5000, 1, 65535), redis_url=redis_url,
            database_url=database_url, secret_key=secret_key, callback_token=callback_token,
            simulator_enabled=env.flag("SIMULATOR_ENABLED", default=sapa_env == "development"),
            session_resume_seconds=env.number("SESSION_RESUME_SECONDS", 300, 0, 3600),
            catalog_path=catalog_path, timezone=timezone,
            quiet_hours=_quiet_hours(env.text("QUIET_HOURS", "21:00-07:00"), env),
            sms_retry_seconds=tuple(int(n) for n in retry.split(",")), data_key=data_key,
            sms_price_per_segment=env.number("SMS_PRICE_PER_SEGMENT", 350, 0, 100000),
            data_key_old=data_key_old, proxy_hops=env.number("PROXY_HOPS", 0, 0, 5),
            sections=MappingProxyType({name: read(env) for name, read in (sections or {}).items()}),
        )
        if env.problems:
            raise SettingsError(env.problems)
        return settings


def _quiet_hours(raw: str, env: Env) -> tuple[int, int] | None:
    """Read "21:00-07:00" as minutes after midnight; "off" or "" means no quiet hours."""
    if raw.lower() in ("", "off", "none"):
        return None
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)", raw)
    if not match:
        env.problem(f"QUIET_HOURS={raw!r}: must look like 21:00-07:00, or off")
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return h1 * 60 + m1, h2 * 60 + m2
