"""Schemathesis generates requests from the callbacks' OpenAPI description and checks every answer:
never a 5xx, only documented status codes and content types, malformed input refused.

(The schemathesis pytest plugin's fixture loader does not run on pytest 9, so each operation's
Hypothesis strategy is driven here directly.)"""

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.support import case_count

OPERATIONS = ["/ussd", "/ussd/events", "/sms/incoming", "/sms/delivery"]
TOKEN = "schemathesis-token-0123456789"


@pytest.mark.parametrize("mode", list(GenerationMode))
@pytest.mark.parametrize("path", OPERATIONS)
def test_every_callback_answers_as_described(app_with, path, mode):
    """Positive cases (what the description allows) and negative ones (what it forbids), each with
    the right token, so they reach the handler and not the door."""
    app = app_with(CALLBACK_TOKEN=TOKEN)
    operation = schemathesis.openapi.from_wsgi("/openapi.yaml", app)[path]["POST"]
    statuses = Counter()

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case_count.cases += 1
        response = case.call(params={"token": TOKEN})
        statuses[response.status_code] += 1
        # A phone number is checked by phonenumbers, which no pattern can say: the description
        # allows more than is accepted, so "valid data accepted" is not asserted case by case.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])

    check()
    if mode == GenerationMode.POSITIVE:
        assert statuses[200] > 0, statuses  # allowed requests are served, not refused at the door
    else:
        assert statuses[400] > 0 and statuses[403] == 0, statuses


def test_the_description_names_every_callback_the_app_serves(app):
    schema = schemathesis.openapi.from_wsgi("/openapi.yaml", app)
    callbacks = {rule.rule for rule in app.url_map.iter_rules()
                 if rule.endpoint.split(".")[0] in ("ussd", "sms") and "POST" in rule.methods}
    assert callbacks == set(OPERATIONS) == set(schema.raw_schema["paths"])
