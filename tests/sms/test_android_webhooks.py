"""POST /sms/android: the phone's signed webhooks are checked before they are read, recorded once, and
a bad one stores nothing."""

import json
import logging
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.errors import BadPayloadError
from gateway.services import services_of
from gateway.sms.providers.android import parse_event
from gateway.store.inbox import InboundSms
from gateway.store.messages import EarlyDeliveryReport, MessageStatus, OutboundSms, Purpose, record_message
from tests.support.android_phone import envelope, post_event, received, report, signed
from tests.support.sms import messages

PHONE = "+6281234567890"


def stored(database) -> tuple[int, int, int]:
    """(incoming SMS, outgoing SMS, kept early reports) in the database."""
    with Session(database) as session:
        return tuple(session.scalar(select(func.count()).select_from(table))
                     for table in (InboundSms, OutboundSms, EarlyDeliveryReport))


def test_a_signed_sms_is_recorded_and_answered_through_the_phone(android_app, phone_api, run_worker,
                                                                 database):
    response = post_event(android_app.test_client(), received("INFO"))
    assert (response.status_code, response.text) == (200, "new\n")
    assert phone_api.calls == []  # the request only records and queues
    run_worker(android_app)
    [(to, text)] = phone_api.texted()
    assert to == PHONE and text.startswith("Layanan:")


def test_the_same_sms_posted_three_times_is_answered_once(android_app, phone_api, run_worker, database):
    client = android_app.test_client()
    answers = [post_event(client, received("INFO")).text for _ in range(3)]  # each signed anew
    run_worker(android_app)
    assert answers == ["new\n", "unanswered\n", "unanswered\n"]
    assert post_event(client, received("INFO")).text == "answered\n"
    assert len(phone_api.texted()) == 1 and stored(database)[:2] == (1, 1)


def test_the_same_hash_received_at_another_time_is_another_message(android_app, database):
    client = android_app.test_client()
    later = json.loads(received("INFO"))
    later["payload"]["receivedAt"] = "2026-11-29T08:00:00.000+07:00"
    assert post_event(client, received("INFO")).text == "new\n"
    assert post_event(client, json.dumps(later).encode()).text == "new\n"  # the app's id is a 32-bit hash


def test_an_older_app_naming_the_sender_phone_number_is_understood(android_app, database):
    body = envelope("sms:received", {"messageId": "77", "message": "INFO", "phoneNumber": "081234567890",
                                     "receivedAt": "2026-11-28T10:00:00.000+07:00"})
    assert post_event(android_app.test_client(), body).status_code == 200
    with Session(database) as session:
        assert session.scalar(select(InboundSms.phone)) == PHONE


def test_a_nul_character_is_dropped_so_any_database_can_store_the_sms(android_app, database):
    body = envelope("sms:received", {"messageId": "ab\u0000cd", "message": "INFO\u0000", "sender": PHONE,
                                     "receivedAt": "2026-11-28T10:00:00.000+07:00"})
    assert post_event(android_app.test_client(), body).status_code == 200
    with Session(database) as session:
        row = session.scalar(select(InboundSms))
        assert (row.text, row.provider_id) == ("INFO", "android:abcd:2026-11-28T10:00:00.000+07:00")


def test_a_batch_of_received_sms_is_recorded_whole(android_app, database):
    listed = [json.loads(received(text, message_id=text.lower()))["payload"] for text in ("INFO", "BANTUAN")]
    response = post_event(android_app.test_client(), envelope("sms:batch:received", {"messages": listed}))
    assert (response.status_code, response.text) == (200, "new, new\n")
    assert stored(database)[0] == 2


BODY = received("INFO")


@pytest.mark.parametrize(("headers", "said"), [  # made at call time: a signature is good for five minutes
    (lambda: {"Content-Type": "application/json"}, "X-Timestamp is missing"),
    (lambda: {**signed(BODY), "X-Signature": ""}, "X-Signature does not match"),
    (lambda: signed(BODY, key="another-key-entirely"), "X-Signature does not match"),
    (lambda: signed(BODY + b" "), "X-Signature does not match"),  # signed over another body
    (lambda: {**signed(BODY), "X-Timestamp": "soon"}, "X-Timestamp is missing or not Unix seconds"),
    (lambda: {**signed(BODY), "X-Signature": "zz" * 32}, "X-Signature does not match"),
], ids=["unsigned", "empty-signature", "wrong-key", "other-body", "bad-timestamp", "not-hex"])
def test_a_badly_signed_webhook_is_refused_and_stores_nothing(android_app, database, headers, said):
    response = post_event(android_app.test_client(), BODY, headers=headers())
    assert response.status_code == 403 and said in response.text
    assert stored(database) == (0, 0, 0)


@pytest.mark.parametrize("offset", [-301, 301, -86400])
def test_a_stale_or_future_timestamp_is_refused_though_correctly_signed(android_app, database, offset):
    headers = signed(BODY, timestamp=int(time.time()) + offset)
    response = post_event(android_app.test_client(), BODY, headers=headers)
    assert response.status_code == 403 and "more than five minutes off" in response.text
    assert stored(database) == (0, 0, 0)


def test_within_five_minutes_of_clock_skew_is_accepted(android_app):
    headers = signed(BODY, timestamp=int(time.time()) - 290)
    response = post_event(android_app.test_client(), BODY, headers=headers)
    assert response.status_code == 200


def test_a_webhook_without_the_callback_token_is_refused(android_app, database):
    response = post_event(android_app.test_client(), BODY, token="wrong")
    assert response.status_code == 403 and stored(database) == (0, 0, 0)


def test_without_a_signing_key_every_webhook_is_refused(android_app_with, database):
    app = android_app_with(ANDROID_GATEWAY_SIGNING_KEY="")  # allowed in development only
    response = post_event(app.test_client(), BODY)
    assert response.status_code == 403 and "ANDROID_GATEWAY_SIGNING_KEY is not set" in response.text
    assert stored(database) == (0, 0, 0)


def test_with_another_provider_in_use_the_phone_endpoint_is_not_there(sms_app):
    assert post_event(sms_app.test_client(), BODY, token="").status_code == 404


@pytest.mark.parametrize(("body", "said"), [
    (b"not json", "the body is not JSON"),
    (b"\xff\xfe", "the body is not JSON"),
    (b"[1, 2]", "the body must be a JSON object"),
    (b'{"payload": {}}', "event is missing"),
    (b'{"event": "sms:received", "payload": "INFO"}', "payload must be an object"),
    (b'{"event": "system:ping", "payload": {}, "deviceId": null}', "deviceId must be a string"),
    (envelope("sms:received", {"messageId": "1", "message": "INFO"}), "payload.sender is missing"),
    (envelope("sms:received", {"messageId": "1", "sender": PHONE}), "payload.message is missing"),
    (envelope("sms:received", {"messageId": "1", "sender": 6281234567890, "message": "x"}),
     "payload.sender is missing"),
    (b'{"event": "sms:received", "payload": {"sender": "+6281234567890", "message": "x"}}',
     "payload.messageId is missing"),
    (envelope("sms:received", {"messageId": "x" * 100, "sender": PHONE, "message": "x"}), "longer than 100"),
    (envelope("sms:delivered", {"recipient": PHONE}), "payload.messageId is missing"),
    (envelope("sms:batch:received", {"messages": "INFO"}), "payload.messages must be a list of objects"),
], ids=lambda value: value[:30] if isinstance(value, str) else None)
def test_a_malformed_webhook_gets_400_and_stores_nothing(android_app, database, body, said):
    response = post_event(android_app.test_client(), body)
    assert response.status_code == 400 and said in response.text
    assert stored(database) == (0, 0, 0)


@pytest.mark.parametrize(("body", "why"), [
    (envelope("system:ping", {"health": "pass"}), "an event Sapa does not use"),
    (envelope("sms:data-received", {"messageId": "1", "data": "AAA=", "sender": PHONE}),
     "an event Sapa does not use"),
    (received("Sisa kuota Anda 2GB", phone="TELKOMSEL"), "not from a phone"),
    (report("sms:delivered", "Xy12AbCdEf"), "not a message Sapa sent"),  # the office texted by hand
])
def test_what_sapa_does_not_use_is_acknowledged_so_the_phone_stops_posting(android_app, database, body, why):
    response = post_event(android_app.test_client(), body)
    assert (response.status_code, response.text) == (200, f"ignored: {why}\n")
    assert stored(database) == (0, 0, 0)


def sent_message(app, run_worker, database):
    post_event(app.test_client(), received("INFO"))
    run_worker(app)
    [message] = messages(database)
    return message


def test_sent_then_delivered_marks_the_message_delivered(android_app, run_worker, database):
    key = sent_message(android_app, run_worker, database).send_key
    client = android_app.test_client()
    assert post_event(client, report("sms:sent", key)).text == "recorded\n"
    [message] = messages(database)
    assert (message.status, message.delivery_status) == (MessageStatus.SENT, "Sent")
    post_event(client, report("sms:delivered", key))
    post_event(client, report("sms:sent", key))  # a late one crossing the final report
    assert (messages(database)[0].status, messages(database)[0].delivery_status) == (
        MessageStatus.DELIVERED, "Delivered")


def test_a_failed_report_asks_staff_to_call_the_resident(android_app, run_worker, database):
    key = sent_message(android_app, run_worker, database).send_key
    reason = "Delivery result: 64 from +6281100000001"
    post_event(android_app.test_client(), report("sms:failed", key, reason=reason))
    [message] = messages(database)
    assert message.status == MessageStatus.UNDELIVERED
    assert message.last_error == "Failed: Delivery result: 64 from <number>"


def test_a_failed_report_before_the_send_job_recorded_the_id_is_applied_after(android_app, phone_api,
                                                                             run_worker, database):
    with Session(database) as session, session.begin():
        message = record_message(session, PHONE, "Berkas Anda lengkap.", Purpose.REPLY, "t:early")
        message_id, key = message.id, message.send_key
    client = android_app.test_client()
    assert post_event(client, report("sms:failed", key, reason="RESULT_ERROR_NO_SERVICE")).text == \
        "kept until its message is known\n"
    services_of(android_app).jobs.send(message_id)
    run_worker(android_app)
    [message] = messages(database)
    assert message.status == MessageStatus.UNDELIVERED
    assert message.last_error == "Failed: RESULT_ERROR_NO_SERVICE"
    assert stored(database)[2] == 0


def test_with_the_database_down_the_phone_is_asked_to_post_again(android_app_with, unreachable_database_url):
    app = android_app_with(DATABASE_URL=unreachable_database_url)
    assert post_event(app.test_client(), received("INFO")).status_code == 503


def test_no_phone_number_or_text_reaches_the_log(android_app, run_worker, database, caplog):
    caplog.set_level(logging.DEBUG)
    client = android_app.test_client()
    post_event(client, received("SYARAT 2"))
    post_event(client, received("SYARAT 2"), headers=signed(received("SYARAT 2"), key="wrong-key-here"))
    post_event(client, envelope("sms:received", {"messageId": "1", "sender": PHONE}))
    run_worker(android_app)
    post_event(client, report("sms:failed", messages(database)[0].send_key, reason="SC +6281100000001"))
    assert "81234567890" not in caplog.text and "6281100000001" not in caplog.text
    assert "SYARAT" not in caplog.text and "Tidak Mampu" not in caplog.text


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["event", "payload", "id", "messageId", "message", "sender",
                                         "phoneNumber", "receivedAt", "reason", "messages", "recipient"]),
                        inner, max_size=6), max_leaves=20),
       st.sampled_from(["sms:received", "sms:batch:received", "sms:sent", "sms:delivered", "sms:failed"]))
def test_any_json_reads_as_a_well_formed_event_or_a_bad_payload(payload, event):
    for body in (json.dumps(payload), json.dumps({"event": event, "payload": payload})):
        try:
            read = parse_event(body.encode())
        except BadPayloadError:
            continue
        assert all(re.fullmatch(r"\+[1-9]\d{7,14}", sms.phone) and 0 < len(sms.provider_id) <= 100
                   and len(sms.text) <= 1600 for sms in read.incoming)
        assert read.report is None or read.report.provider_message_id.startswith("sapa-")
        assert read.incoming or read.report or read.ignored or read.name == "sms:batch:received"



def test_the_phone_is_told_where_to_post_the_four_events(android_app, phone_api):
    runner = android_app.test_cli_runner()
    for _ in range(2):  # running it again replaces, never adds
        result = runner.invoke(args=["sms", "phone-webhooks", "https://sapa.tanjungsari.example.id/"])
        assert result.exit_code == 0, result.output
    assert {w["event"] for w in phone_api.webhooks.values()} == {"sms:received", "sms:sent", "sms:delivered",
                                                                  "sms:failed"}
    assert {w["url"] for w in phone_api.webhooks.values()} == {
        "https://sapa.tanjungsari.example.id/sms/android?token=stand-in-callback-token"}
    assert "stand-in-callback-token" not in result.output


def test_the_phone_is_not_given_an_address_it_would_refuse(android_app, phone_api):
    result = android_app.test_cli_runner().invoke(args=["sms", "phone-webhooks", "http://192.168.1.10:5000"])
    assert result.exit_code == 2 and "the phone only calls https:// addresses" in result.output
    assert phone_api.webhooks == {}


def test_there_is_no_phone_to_tell_with_another_provider(app):
    result = app.test_cli_runner().invoke(args=["sms", "phone-webhooks", "https://sapa.example.id"])
    assert result.exit_code == 2 and "SMS_PROVIDER is not android" in result.output


def test_a_phone_refusing_the_password_is_said_plainly(android_app_with, phone_api):
    app = android_app_with(ANDROID_GATEWAY_PASSWORD="not-the-password")
    result = app.test_cli_runner().invoke(args=["sms", "phone-webhooks", "https://sapa.example.id"])
    assert result.exit_code == 1 and "the phone gateway answered 401 Unauthorized" in result.output
