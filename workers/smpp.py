"""`python -m workers.smpp`: the SMPP bind process (SMS_PROVIDER=smpp). Run exactly one (a second
waits for the first's lock): it holds the transceiver bind, submits what the send jobs queue at no
more than SMPP_TPS, and takes in delivery receipts and residents' SMS (gateway/sms/providers/smpp/).

With another provider it says so and exits 0: docker-compose.yml starts it only under the "smpp"
profile, `make run` only when SMS_PROVIDER=smpp. `python -m workers.smpp --health` exits 0 when the
link is bound (the container health check; it reads only REDIS_URL).
"""

import argparse
import logging
import os
import signal
import sys

import redis
from sqlalchemy.exc import SQLAlchemyError

from gateway.bootstrap import bootstrap, read_settings
from gateway.logs import configure_logging
from gateway.services import Services
from gateway.sms.delivery import record_report
from gateway.sms.providers.smpp import Deliveries, Link
from gateway.sms.providers.smpp.relay import LINK
from gateway.sms.receiving import accept_incoming

from .__main__ import wait_for_dependencies

log = logging.getLogger("workers.smpp")


def make_link(services: Services, **timing) -> Link:
    """The bind for the configured account, handing receipts and residents' SMS to the SMS room."""
    deliveries = Deliveries(services.redis, lambda sms: accept_incoming(services, sms),
                            lambda report: record_report(services.database, report),
                            transient=(SQLAlchemyError,))
    return Link(services.settings.section("sms").config, services.redis, deliveries, **timing)


def healthy() -> int:
    """0 when the bind process says its link is bound, else 1 (and what it says)."""
    try:
        with redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5) as connection:
            said = (connection.get(LINK) or b"no bind process running").decode()
    except (KeyError, redis.RedisError) as exc:
        said = f"link unknown: {type(exc).__name__}"
    print(f"SMPP link: {said}", file=sys.stderr)
    return 0 if said.startswith("bound") else 1


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m workers.smpp")
    parser.add_argument("--health", action="store_true", help="exit 0 when the link is bound, else 1")
    if parser.parse_args().health:
        return healthy()
    configure_logging("smpp")
    settings = read_settings()
    if settings.section("sms").provider != "smpp":
        print("SMS_PROVIDER is not smpp: no SMPP bind to hold; exiting", file=sys.stderr)
        return 0
    services = bootstrap(settings, patient=True)
    wait_for_dependencies(services)
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        make_link(services).run(lambda: bool(stopping))
    except KeyboardInterrupt:
        pass
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
