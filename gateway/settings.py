"""Build one frozen, validated Settings object from the environment, for web and workers alike."""

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import SettingsError
from .vault import valid_data_key

DEFAULT_CATALOG = Path(__file__).resolve().parents[1] / "menus" / "catalog.toml"
SMS_PROVIDERS = ("console", "africastalking")
ENVIRONMENTS = ("production", "development")
FLAGS = {"1": True, "true": True, "0": False, "false": False}


@dataclass(frozen=True)
class Settings:
    """Everything Sapa reads from its environment; see the configuration table in README.md."""

    env: str
    port: int
    redis_url: str
    database_url: str
    secret_key: str
    sms_provider: str
    at_username: str
    at_api_key: str
    at_sender_id: str
    at_api_base_url: str
    callback_token: str
    simulator_enabled: bool  # the /simulator page, which hands out the callback token
    session_resume_seconds: int
    catalog_path: Path
    timezone: str
    quiet_hours: tuple[int, int] | None  # minutes after local midnight: (start, end)
    sms_retry_seconds: tuple[int, ...]
    data_key: str
    sms_price_per_segment: int  # in rupiah, for the cost shown before a broadcast

    @property
    def development(self) -> bool:
        return self.env == "development"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Read and check every setting; raise SettingsError naming every problem at once."""
        env = dict(os.environ if environ is None else environ)
        problems: list[str] = []

        def text(name: str, default: str = "") -> str:
            return env.get(name, default).strip()

        def number(name: str, default: int, low: int, high: int) -> int:
            raw = text(name, str(default))
            if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:  # isdigit() takes "²"
                problems.append(f"{name}={raw!r}: must be a whole number from {low} to {high}")
                return default
            return int(raw)

        def flag(name: str, default: bool) -> bool:
            raw = text(name)
            if raw and raw.lower() not in FLAGS:
                problems.append(f"{name}={raw!r}: must be 1, 0, true or false")
            return FLAGS.get(raw.lower(), default)

        sapa_env = text("SAPA_ENV", "production")
        if sapa_env not in ENVIRONMENTS:
            problems.append(f"SAPA_ENV={sapa_env!r}: must be one of {', '.join(ENVIRONMENTS)}")
        redis_url = text("REDIS_URL")
        if urlsplit(redis_url).scheme not in ("redis", "rediss", "unix"):
            problems.append("REDIS_URL: required, e.g. redis://127.0.0.1:6379/0")
        database_url = text("DATABASE_URL")
        if not database_url.startswith(("sqlite:", "postgresql")):
            problems.append("DATABASE_URL: required, e.g. postgresql+psycopg://sapa@db/sapa "
                            "or sqlite:///instance/sapa.db")
        secret_key = text("SECRET_KEY")
        if len(secret_key) < 32:
            problems.append("SECRET_KEY: required, at least 32 random characters "
                            "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")
        sms_provider = text("SMS_PROVIDER", "console")
        if sms_provider not in SMS_PROVIDERS:
            problems.append(f"SMS_PROVIDER={sms_provider!r}: must be one of {', '.join(SMS_PROVIDERS)}")
        if sms_provider == "africastalking":
            problems += [f"{name}: required when SMS_PROVIDER=africastalking"
                         for name in ("AT_USERNAME", "AT_API_KEY") if not text(name)]
        if sms_provider == "console" and sapa_env == "production":
            problems.append("SMS_PROVIDER=console only prints messages: set africastalking in production")
        base_url = text("AT_API_BASE_URL", "https://api.africastalking.com").rstrip("/")
        if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc:
            problems.append(f"AT_API_BASE_URL={base_url!r}: must be an http(s) URL")
        callback_token = text("CALLBACK_TOKEN")
        if sapa_env == "production" and len(callback_token) < 16:
            problems.append("CALLBACK_TOKEN: required in production, at least 16 characters; "
                            "put it in the callback URLs as ?token=...")
        simulator = flag("SIMULATOR_ENABLED", default=sapa_env == "development")
        catalog_path = Path(text("CATALOG_PATH") or DEFAULT_CATALOG)
        if not catalog_path.is_file():
            problems.append(f"CATALOG_PATH={str(catalog_path)!r}: no such file")
        timezone = text("TIMEZONE", "Asia/Jakarta")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"TIMEZONE={timezone!r}: not a time zone name such as Asia/Jakarta")
        quiet_hours = _quiet_hours(text("QUIET_HOURS", "21:00-07:00"), problems)
        retry = text("SMS_RETRY_SECONDS", "30,120,600,1800,7200")
        if not re.fullmatch(r"\d{1,5}(,\d{1,5}){0,9}", retry):
            problems.append(f"SMS_RETRY_SECONDS={retry!r}: comma-separated seconds, e.g. 30,120,600")
            retry = "30"
        data_key = text("DATA_KEY")
        if not valid_data_key(data_key):
            problems.append("DATA_KEY: required, the key that encrypts NIK at rest (make one: python -c "
                            "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
                            "); keep a copy offline: without it stored NIKs cannot be read")
        price = number("SMS_PRICE_PER_SEGMENT", 350, 0, 100000)
        port = number("PORT", 5000, 1, 65535)
        resume = number("SESSION_RESUME_SECONDS", 300, 0, 3600)
        if problems:
            raise SettingsError(problems)
        return cls(
            env=sapa_env, port=port, redis_url=redis_url, database_url=database_url,
            secret_key=secret_key, sms_provider=sms_provider, at_username=text("AT_USERNAME"),
            at_api_key=text("AT_API_KEY"), at_sender_id=text("AT_SENDER_ID"),
            at_api_base_url=base_url, callback_token=callback_token, simulator_enabled=simulator,
            session_resume_seconds=resume, catalog_path=catalog_path, timezone=timezone,
            quiet_hours=quiet_hours, sms_retry_seconds=tuple(int(n) for n in retry.split(",")),
            data_key=data_key, sms_price_per_segment=price,
        )


def _quiet_hours(raw: str, problems: list[str]) -> tuple[int, int] | None:
    """Read "21:00-07:00" as minutes after midnight; "off" or "" means no quiet hours."""
    if raw.lower() in ("", "off", "none"):
        return None
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)", raw)
    if not match:
        problems.append(f"QUIET_HOURS={raw!r}: must look like 21:00-07:00, or off")
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    return h1 * 60 + m1, h2 * 60 + m2
