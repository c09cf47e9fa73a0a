"""Fixtures for SMS over SMPP: the stand-in SMSC, apps configured for it, and the real bind process
(workers/smpp.py's Link over real TCP with smpplib) running in a thread beside the test."""

import threading

import pytest

from gateway.services import services_of
from tests.support.smsc import PASSWORD, SYSTEM_ID, Smsc
from workers.smpp import make_link

TOKEN = "stand-in-callback-token"
QUICK = {"enquire_seconds": 1.0, "answer_seconds": 2.0, "longest_wait": 0.5, "throttle_waits": (0.05, 0.1)}


@pytest.fixture
def smsc():
    with Smsc() as server:
        yield server


@pytest.fixture
def smpp_environ(environ, smsc):
    return {**environ, "SMS_PROVIDER": "smpp", "SMPP_HOST": "127.0.0.1", "SMPP_PORT": str(smsc.port),
            "SMPP_SYSTEM_ID": SYSTEM_ID, "SMPP_PASSWORD": PASSWORD, "SMPP_SOURCE_ADDR": "3345",
            "SMPP_TPS": "50", "SMPP_ANSWER_SECONDS": "5", "CALLBACK_TOKEN": TOKEN,
            "SMS_RETRY_SECONDS": "0,0,0,0,0", "QUIET_HOURS": "off"}


@pytest.fixture
def smpp_app_with(smpp_environ, make_app):
    return lambda **overrides: make_app({**smpp_environ, **overrides})


@pytest.fixture
def smpp_app(smpp_app_with):
    return smpp_app_with()


@pytest.fixture
def start_bind():
    """Start the bind process for an app (in a thread); it is stopped after the test."""
    running = []

    def start(app, **timing):
        stop: list[bool] = []
        link = make_link(services_of(app), **{**QUICK, **timing})
        thread = threading.Thread(target=link.run, args=(lambda: bool(stop),), daemon=True)
        thread.start()
        running.append((stop, thread))
        return link

    yield start
    for stop, thread in running:
        stop.append(True)
        thread.join(10)
        assert not thread.is_alive()


@pytest.fixture
def bound(smpp_app, smsc, start_bind):
    """The SMPP app with its bind process up and bound to the stand-in."""
    start_bind(smpp_app)
    smsc.wait_bound()
    return smpp_app
