"""Schemathesis generates requests from the callbacks' OpenAPI description and checks every answer:
never a 5xx, only documented status codes and content types, malformed input refused."""

import pytest
import schemathesis
from schemathesis import GenerationMode

from tests.support.openapi_attack import attack

OPERATIONS = ["/ussd", "/ussd/events", "/sms/incoming", "/sms/delivery"]
SIGNED = ["/sms/android"]  # attacked with signed requests in tests/sms/test_android_openapi.py
TOKEN = "schemathesis-token-0123456789"


@pytest.mark.parametrize("mode", list(GenerationMode))
@pytest.mark.parametrize("path", OPERATIONS)
def test_every_callback_answers_as_described(app_with, path, mode):
    """Positive cases (what the description allows) and negative ones (what it forbids), each with
    the right token, so they reach the handler and not the door."""
    statuses = attack(app_with(CALLBACK_TOKEN=TOKEN), path, mode, TOKEN)
    if mode == GenerationMode.POSITIVE:
        assert statuses[200] > 0, statuses  # allowed requests are served, not refused at the door
    else:
        assert statuses[400] > 0 and statuses[403] == 0, statuses


def test_the_description_names_every_callback_the_app_serves(app):
    schema = schemathesis.openapi.from_wsgi("/openapi.yaml", app)
    callbacks = {rule.rule for rule in app.url_map.iter_rules()
                 if rule.endpoint.split(".")[0] in ("ussd", "sms", "sms_android") and "POST" in rule.methods}
    assert callbacks == set(OPERATIONS + SIGNED) == set(schema.raw_schema["paths"])
