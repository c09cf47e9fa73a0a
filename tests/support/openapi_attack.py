"""Drive schemathesis against one callback: requests generated from its OpenAPI description
(gateway/ops/openapi.yaml), each answer checked against the description.

(The schemathesis pytest plugin's fixture loader does not run on pytest 9, so each operation's
Hypothesis strategy is driven here directly.)"""

from collections import Counter

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.support import case_count


def attack(app, path: str, mode: GenerationMode, token: str, examples: int = 80) -> Counter:
    """Send `examples` generated requests for POST `path` (allowed ones or forbidden ones, by `mode`)
    to the WSGI `app`, each with `token`; return how many got each status.

    A phone number is checked by phonenumbers, which no pattern can say, and what an event's
    payload must hold depends on the event: the description allows more than is accepted, so
    "valid data accepted" is not asserted case by case."""
    operation = schemathesis.openapi.from_wsgi("/openapi.yaml", app)[path]["POST"]
    statuses = Counter()

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case_count.cases += 1
        response = case.call(params={"token": token})
        statuses[response.status_code] += 1
        case.validate_response(response, excluded_checks=[positive_data_acceptance])

    check()
    return statuses
