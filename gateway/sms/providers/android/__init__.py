"""SMS through the office's own Android phone running "SMS Gateway for Android" (SMS_PROVIDER=android).

The phone serves a REST API on the office network (http://<phone-ip>:8080), or the app's cloud relay
serves the same API (https://api.sms-gate.app/3rdparty/v1). `api.py` sends through it with the
official client and turns its answers into our outcomes; `webhooks.py` checks the phone's signed
webhooks and reads them as incoming SMS and delivery reports.
"""

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ....settings import Env
from .api import AndroidGatewayProvider
from .webhooks import PhoneEvent, parse_event, verify_signature

__all__ = ["AndroidGatewayProvider", "Config", "PhoneEvent", "build", "parse_event", "read_config",
           "verify_signature"]
MIN_SIGNING_KEY = 8  # the app makes an 8-character key itself; the ?token= secret guards the URL too


@dataclass(frozen=True)
class Config:
    url: str  # the API root, without a trailing slash
    username: str
    password: str = field(repr=False)
    signing_key: str = field(repr=False)  # empty: webhooks are refused (development only)
    timeout: int = 15  # seconds to wait for the phone's answer


def read_config(env: Env) -> Config:
    """Read the ANDROID_GATEWAY_* settings; every problem goes to `env`."""
    why = "when SMS_PROVIDER=android"
    url = ""
    if not env.text("ANDROID_GATEWAY_URL"):
        env.problem(f"ANDROID_GATEWAY_URL: required {why}: the phone's http://<phone-ip>:8080 (local "
                    "server) or https://api.sms-gate.app/3rdparty/v1 (cloud server)")
    else:
        url = env.http_url("ANDROID_GATEWAY_URL")
        if env.production and _clear_text_over_the_internet(url):
            env.problem(f"ANDROID_GATEWAY_URL={url!r}: http:// sends the password in clear; use it only "
                        "for a phone on the office network (a private address), else https://")
    signing_key = env.text("ANDROID_GATEWAY_SIGNING_KEY")
    if not signing_key and env.production:
        env.problem("ANDROID_GATEWAY_SIGNING_KEY: required in production with SMS_PROVIDER=android: the "
                    "app's webhook signing key (Settings > Webhooks), so forged webhooks are refused")
    elif signing_key and len(signing_key) < MIN_SIGNING_KEY:
        env.problem(f"ANDROID_GATEWAY_SIGNING_KEY: at least {MIN_SIGNING_KEY} characters")
    return Config(url=url, username=env.required("ANDROID_GATEWAY_USERNAME", why),
                  password=env.required("ANDROID_GATEWAY_PASSWORD", why), signing_key=signing_key,
                  timeout=env.number("ANDROID_GATEWAY_TIMEOUT", 15, 1, 120))


def build(config: Config, client=None) -> AndroidGatewayProvider:
    return AndroidGatewayProvider(config.url, config.username, config.password, config.timeout)


def _clear_text_over_the_internet(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return False
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return not parts.hostname.endswith((".local", ".lan", ".home.arpa")) and "." in parts.hostname
    return address.is_global  # private, loopback, link-local and CGNAT (e.g. a VPN) are not
