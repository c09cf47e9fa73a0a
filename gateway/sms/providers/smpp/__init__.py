"""SMS over SMPP 3.4 to an aggregator, an operator's SMSC or a Jasmin gateway (SMS_PROVIDER=smpp).

One process holds the transceiver bind (`python -m workers.smpp`, link.py): it submits what the send
jobs queue in Redis (relay.py, provider.py) at no more than SMPP_TPS, and takes in every deliver_sm
(deliveries.py): delivery receipts update our messages, residents' SMS are answered like any other.
Text is coded and split by coding.py.
"""

import re
from dataclasses import dataclass, field

import redis

from ....settings import Env
from .deliveries import Deliveries
from .link import Link
from .provider import SmppProvider

__all__ = ["Config", "Deliveries", "Link", "SmppProvider", "build", "read_config"]
MAX_SYSTEM_ID, MAX_PASSWORD, MAX_SYSTEM_TYPE = 15, 8, 12  # SMPP 3.4 field sizes, without the NUL
ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z0-9 .\-]{1,11}")
DIGITS_SENDER = re.compile(r"\+?\d{3,20}")


@dataclass(frozen=True)
class Config:
    host: str
    port: int
    system_id: str
    password: str = field(repr=False)
    source_addr: str
    system_type: str = ""
    tps: int = 10  # submits a second the account is sold
    answer_seconds: int = 20  # how long a send job waits for the bind process
    source_ton: int = 0
    source_npi: int = 1
    service_type: str = ""


def read_config(env: Env) -> Config:
    """Read the SMPP_* settings; every problem goes to `env`."""
    why = "when SMS_PROVIDER=smpp"
    host = env.required("SMPP_HOST", f"{why}: the SMSC's host name or address")
    system_id = env.required("SMPP_SYSTEM_ID", f"{why}: the account's system_id")
    password = env.values.get("SMPP_PASSWORD", "")
    if not password:
        env.problem(f"SMPP_PASSWORD: required {why}")
    for name, value, most in (("SMPP_SYSTEM_ID", system_id, MAX_SYSTEM_ID),
                              ("SMPP_PASSWORD", password, MAX_PASSWORD),
                              ("SMPP_SYSTEM_TYPE", env.text("SMPP_SYSTEM_TYPE"), MAX_SYSTEM_TYPE)):
        if len(value) > most:
            env.problem(f"{name}: at most {most} characters in SMPP 3.4 (this one has {len(value)})")
    source = env.required("SMPP_SOURCE_ADDR", f"{why}: the short code or sender name residents see")
    if source and DIGITS_SENDER.fullmatch(source):
        ton = 1 if source.startswith("+") else 0  # international, or "unknown" (SMSCs read short codes so)
        source_ton, source_npi, source = ton, 1, source.lstrip("+")
    elif source and ALPHANUMERIC_SENDER.fullmatch(source) and not source.isdigit():
        source_ton, source_npi = 5, 0  # alphanumeric
    else:
        source_ton, source_npi = 0, 1
        if source:
            env.problem(f"SMPP_SOURCE_ADDR={source!r}: a short code (digits) or a sender name of at most "
                        "11 letters and digits")
    return Config(host=host, port=env.number("SMPP_PORT", 2775, 1, 65535), system_id=system_id,
                  password=password, source_addr=source, system_type=env.text("SMPP_SYSTEM_TYPE"),
                  tps=env.number("SMPP_TPS", 10, 1, 1000),
                  answer_seconds=env.number("SMPP_ANSWER_SECONDS", 20, 1, 300),
                  source_ton=source_ton, source_npi=source_npi)


def build(config: Config, client: redis.Redis) -> SmppProvider:
    return SmppProvider(client, config.answer_seconds, config.tps)
