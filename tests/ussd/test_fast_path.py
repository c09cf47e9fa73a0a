"""Hops answered ahead of Flask (gateway/ussd/fast_path.py): the same answer as the Flask view, and
every request it should not answer handed to Flask, which answers it as before."""

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from gateway.ussd.fast_path import UssdFastPath
from tests.support.phone import Phone

GOOD = {"sessionId": "ATUid_fast", "serviceCode": "*384*123#", "phoneNumber": "+6281234567890",
        "networkCode": "51010", "text": ""}
TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def flask_calls(app):
    """The requests that reached Flask (its before_request hooks run for every one it answers)."""
    calls = []
    app.before_request(lambda: calls.append(1) and None)
    return calls


def test_a_well_formed_hop_never_reaches_flask(client, flask_calls):
    phone = Phone(client)
    assert phone.dial().startswith("CON Selamat datang")
    assert phone.press("1", "2").startswith("CON Syarat SKTM")
    assert flask_calls == []


def answer_of(wsgi_app, form: dict, session_id: str, query: str = "") -> tuple[str, dict, str]:
    environ = EnvironBuilder(path="/ussd", method="POST", query_string=query,
                             data={**form, "sessionId": session_id},
                             headers={"X-Request-Id": "req-1"},
                             environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()
    body, status, headers = run_wsgi_app(wsgi_app, environ)
    return status, dict(headers), b"".join(body).decode()


@pytest.mark.parametrize("text", ["", "1", "1*2", "5*2", "0", "9*9*9"])
def test_the_fast_path_answers_exactly_as_the_flask_view(app, text):
    fast = app.wsgi_app
    assert isinstance(fast, UssdFastPath)
    form = {**GOOD, "text": text}
    # Two sessions of two phones, so neither answer is the other's repeat.
    by_fast = answer_of(fast, {**form, "phoneNumber": "+6281200000001"}, "ATUid_by_fast")
    by_flask = answer_of(fast.app, {**form, "phoneNumber": "+6281200000002"}, "ATUid_by_flask")
    assert by_fast == by_flask
    assert by_fast[0] == "200 OK" and by_fast[2].startswith(("CON ", "END "))
    assert by_fast[1]["X-Request-Id"] == "req-1" and by_fast[1]["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("post", "status", "message"), [
    ({"data": {**GOOD, "sessionId": "a b/../c"}}, 400, "sessionId must be"),
    ({"data": {**GOOD, "phoneNumber": "0812"}}, 400, "phoneNumber must be a phone number"),
    ({"data": {**GOOD, "text": "1" * 2_000_000}}, 413, "Too Large"),
    ({"json": GOOD}, 400, "sessionId is missing"),
    ({"data": b"sessionId=ATUid_x&phoneNumber=0812&text=%ff%fe",
      "content_type": "application/x-www-form-urlencoded"}, 400, "phoneNumber must be"),
    ({"data": {**GOOD, "sessionId": "ATUid_multipart"}, "content_type": "multipart/form-data"},
     200, "CON Selamat datang"),
])
def test_what_the_fast_path_cannot_answer_flask_answers_as_before(client, flask_calls, post, status,
                                                                  message):
    response = client.post("/ussd", **post)
    assert (response.status_code, len(flask_calls)) == (status, 1)
    assert message in response.text


def test_a_wrong_token_goes_to_flask_and_is_refused(app_with):
    app = app_with(CALLBACK_TOKEN=TOKEN)
    calls = []
    app.before_request(lambda: calls.append(1) and None)
    client = app.test_client()
    assert client.post("/ussd?token=wrong", data=GOOD).status_code == 403
    assert client.post("/ussd", data=GOOD).status_code == 403
    assert len(calls) == 2
    assert client.post(f"/ussd?token={TOKEN}", data=GOOD).text.startswith("CON ")
    assert len(calls) == 2


def test_other_paths_and_methods_go_to_flask(client, flask_calls):
    assert client.get("/ussd").status_code == 405
    assert client.post("/ussd/", data=GOOD).status_code in (404, 405, 308)
    assert client.get("/healthz").status_code == 200
    assert len(flask_calls) == 3


def test_behind_a_proxy_the_fast_path_sees_the_resident_side_address(app_with):
    """ProxyFix wraps the fast path too: without a token, only this machine may post hops."""
    client = app_with(PROXY_HOPS="1").test_client()
    from_far = client.post("/ussd", data=GOOD, headers={"X-Forwarded-For": "203.0.113.7"})
    assert from_far.status_code == 403 and "this machine only" in from_far.text
    via_proxy = client.post("/ussd", data={**GOOD, "sessionId": "ATUid_proxied"},
                            headers={"X-Forwarded-For": "127.0.0.1"},
                            environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert via_proxy.text.startswith("CON ")
