"""Hostile callbacks get a clear 4xx; hostile resident input gets a valid screen, never a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menus.gsm7 import septets

GOOD = {"sessionId": "ATUid_1", "serviceCode": "*384*123#", "phoneNumber": "+6281234567890",
        "networkCode": "51010", "text": ""}


@pytest.mark.parametrize(("form", "message"), [
    ({**GOOD, "sessionId": ""}, "sessionId is missing"),
    ({k: v for k, v in GOOD.items() if k != "phoneNumber"}, "phoneNumber is missing"),
    ({**GOOD, "phoneNumber": "0812"}, "phoneNumber must be a phone number"),
    ({**GOOD, "phoneNumber": "+62 812 abc"}, "phoneNumber must be a phone number"),
    ({**GOOD, "sessionId": "a b/../c"}, "sessionId must be"),
    ({**GOOD, "serviceCode": "*" * 41}, "serviceCode is longer than 40"),
])
def test_malformed_callbacks_get_400_with_a_message(client, form, message):
    response = client.post("/ussd", data=form)
    assert response.status_code == 400
    assert message in response.text


def test_get_is_refused_with_405(client):
    response = client.get("/ussd")
    assert response.status_code == 405 and "Method Not Allowed" in response.text


def test_a_2_mb_body_is_refused_with_413(client):
    response = client.post("/ussd", data={**GOOD, "text": "1" * 2_000_000})
    assert response.status_code == 413


def test_a_json_body_is_not_a_callback(client):
    response = client.post("/ussd", json=GOOD)
    assert response.status_code == 400 and "sessionId is missing" in response.text


def test_undecodable_bytes_never_give_a_500(client):
    body = b"sessionId=ATUid_2&phoneNumber=%2B6281234567890&text=%ff%fe%80&serviceCode=%c3%28"
    response = client.post("/ussd", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    if response.status_code == 200:
        assert response.text.startswith(("CON ", "END "))


def test_a_callback_token_is_required_when_configured(app_with):
    client = app_with(CALLBACK_TOKEN="s3cret-token-for-tests").test_client()
    assert client.post("/ussd", data=GOOD).status_code == 403
    assert client.post("/ussd?token=wrong", data=GOOD).status_code == 403
    assert client.post("/ussd/events?token=wrong", data=GOOD).status_code == 403
    assert client.post("/ussd?token=s3cret-token-for-tests", data=GOOD).text.startswith("CON ")


resident_input = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="0123456789*#", max_size=40),
    st.sampled_from(["\U0001F600", "*#*#", "1" * 300, "  1  ", "98", "00", "0", "", "\x00", "\n"]),
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(resident_input, min_size=1, max_size=6), st.integers(0, 10**9))
def test_any_resident_input_gets_a_valid_screen(client, inputs, session):
    text = ""
    for entry in inputs:
        text = f"{text}*{entry}" if text else entry
        response = client.post("/ussd", data={**GOOD, "sessionId": f"h{session}", "text": text})
        assert response.status_code == 200
        assert response.text.startswith(("CON ", "END "))
        assert 0 < septets(response.text[4:]) <= 160
        if response.text.startswith("END "):
            break
