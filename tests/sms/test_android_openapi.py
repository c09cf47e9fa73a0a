"""Schemathesis attacks /sms/android from its OpenAPI description, each request signed as the phone
signs it (generated requests cannot sign themselves), so every case reaches the parser: never a 5xx,
only documented answers, malformed bodies refused."""

import io
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.support import case_count
from tests.support.android_phone import TOKEN, signed


def signing(app):
    """The app behind a wrapper that signs each request body as the phone would."""

    def wsgi(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        for name, value in signed(body).items():
            if name.startswith("X-"):
                environ[f"HTTP_{name.upper().replace('-', '_')}"] = value
        return app(environ, start_response)

    return wsgi


@pytest.mark.parametrize("mode", list(GenerationMode))
def test_the_phone_webhook_answers_as_described(android_app, mode):
    operation = schemathesis.openapi.from_wsgi("/openapi.yaml", signing(android_app))["/sms/android"]["POST"]
    statuses = Counter()

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case_count.cases += 1
        response = case.call(params={"token": TOKEN})
        statuses[response.status_code] += 1
        # What an event's payload must hold depends on the event: the description cannot say it all.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])

    check()
    assert statuses[403] == 0, statuses  # every case was signed: none stopped at the door
    if mode == GenerationMode.POSITIVE:
        assert statuses[200] > 0, statuses
    else:
        assert statuses[400] > 0, statuses
