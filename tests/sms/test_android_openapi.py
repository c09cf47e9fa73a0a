"""Schemathesis attacks /sms/android from its OpenAPI description, each request signed as the phone
signs it (generated requests cannot sign themselves), so every case reaches the parser: never a 5xx,
only documented answers, malformed bodies refused."""

import io

import pytest
from schemathesis import GenerationMode

from tests.support.android_phone import TOKEN, signed
from tests.support.openapi_attack import attack


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
    statuses = attack(signing(android_app), "/sms/android", mode, TOKEN)
    assert statuses[403] == 0, statuses  # every case was signed: none stopped at the door
    if mode == GenerationMode.POSITIVE:
        assert statuses[200] > 0, statuses
    else:
        assert statuses[400] > 0, statuses
