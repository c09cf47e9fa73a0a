"""`python -m workers.smpp`: the SMPP bind process (SMS_PROVIDER=smpp). Run exactly one (a second
waits for the first's lock): it holds the transceiver bind, submits what the send jobs queue at no
more than SMPP_TPS, and takes in delivery receipts and residents' SMS (gateway/sms/providers/smpp/).

With another provider it says so and exits 0: docker-compose.yml starts it only under the "smpp"
profile, `make run` only when SMS_PROVIDER=smpp.
"""

import logging
import signal
import sys

from sqlalchemy.exc import SQLAlchemyError

from gateway.bootstrap import bootstrap, read_settings
from gateway.logs import configure_logging
from gateway.services import Services
from gateway.sms.delivery import record_report
from gateway.sms.providers.smpp import Deliveries, Link
from gateway.sms.receiving import accept_incoming

from .__main__ import wait_for_dependencies

log = logging.getLogger("workers.smpp")


def make_link(services: Services, **timing) -> Link:
    """The bind for the configured account, handing receipts and residents' SMS to the SMS room."""
    deliveries = Deliveries(services.redis, lambda sms: accept_incoming(services, sms),
                            lambda report: record_report(services.database, report),
                            transient=(SQLAlchemyError,))
    return Link(services.settings.section("sms").config, services.redis, deliveries, **timing)


def main() -> int:
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
