"""SMS through the office's Android phone: the app's real client over HTTP to a stand-in of the phone,
real RQ workers. Every reply reaches the phone once, also after it failed, throttled or answered late."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.sms.recovery import sweep
from gateway.store.messages import MessageStatus, OutboundSms, Purpose, SendingPause, record_message
from tests.support.android_phone import PhoneApiStandIn, post_event, received
from tests.support.phone import Phone
from tests.support.sms import messages

PHONE = "+6281234567890"


def info(app):
    assert post_event(app.test_client(), received("INFO")).status_code == 200


def syarat_7(app):
    assert post_event(app.test_client(), received("SYARAT 7")).status_code == 200


def kirim_sms_by_ussd(app):
    phone = Phone(app.test_client(), token="stand-in-callback-token")
    phone.dial()
    assert phone.press("1", "7", "9").startswith("END Daftar syarat Pengantar Nikah dikirim")


JOURNEYS = {"INFO": (info, "Layanan:"), "SYARAT 7": (syarat_7, "Syarat Surat Pengantar Nikah"),
            "USSD Kirim SMS": (kirim_sms_by_ussd, "Syarat Surat Pengantar Nikah")}


@pytest.mark.parametrize("journey", JOURNEYS)
@pytest.mark.parametrize("first_answers", [[], ["http500", "http500"], ["http429", "http429", "http429"],
                                           ["hang:3"]], ids=["at-once", "down", "throttled", "late"])
def test_each_reply_reaches_the_phone_exactly_once(android_app_with, phone_api, run_worker, database,
                                                   journey, first_answers):
    app = android_app_with(ANDROID_GATEWAY_TIMEOUT="1")  # "late": the phone took it, answered after 3 s
    start, opening = JOURNEYS[journey]
    phone_api.script = list(first_answers)
    start(app)
    run_worker(app)
    [(to, text)] = phone_api.texted()
    assert to == PHONE and text.startswith(opening)
    [message] = messages(database)
    assert (message.status, message.attempts) == (MessageStatus.SENT, len(first_answers) + 1)
    assert message.provider == "android" and message.provider_message_id == message.send_key
    assert {call["id"] for call in phone_api.calls} == {message.send_key}  # every attempt, one name


def test_syarat_7_goes_as_one_message_the_phone_splits(android_app, phone_api, run_worker, database):
    syarat_7(android_app)
    run_worker(android_app)
    [call] = phone_api.calls
    [message] = messages(database)
    assert message.segments > 1 and call["text"] == message.text  # whole: the phone splits it
    assert call["phoneNumbers"] == [PHONE] and call["withDeliveryReport"] is True


def test_the_cloud_server_saying_it_already_has_the_id_counts_as_sent(android_app_with, run_worker, database):
    with PhoneApiStandIn(mode="cloud") as cloud:
        app = android_app_with(ANDROID_GATEWAY_URL=cloud.url, ANDROID_GATEWAY_TIMEOUT="1")
        cloud.script = ["hang:3"]
        info(app)
        run_worker(app)
    assert len(cloud.calls) == 2 and len(cloud.texted()) == 1
    assert messages(database)[0].status == MessageStatus.SENT


def left_sending(database) -> str:
    """A notice whose worker died mid-send an hour ago; return its send key."""
    with Session(database) as session, session.begin():
        message = record_message(session, PHONE, "Surat Anda siap diambil.", Purpose.NOTICE, "t:stuck")
        message.status, key = MessageStatus.SENDING, message.send_key
    with Session(database) as session, session.begin():
        session.execute(update(OutboundSms).values(updated_at=datetime.now(UTC) - timedelta(hours=1)))
    return key


def test_a_send_a_dead_worker_left_after_the_phone_took_it_is_settled_by_asking_the_phone(
        android_app, phone_api, run_worker, database):
    phone_api.take(left_sending(database), PHONE, "Surat Anda siap diambil.")
    assert sweep(services_of(android_app), stale_after=timedelta(minutes=2)) == 1
    run_worker(android_app)
    assert phone_api.calls == [] and len(phone_api.texted()) == 1  # asked (GET), never sent again
    assert messages(database)[0].status == MessageStatus.SENT


def test_a_send_a_dead_worker_left_before_the_phone_took_it_is_sent_once(android_app, phone_api, run_worker,
                                                                          database):
    left_sending(database)
    assert sweep(services_of(android_app), stale_after=timedelta(minutes=2)) == 1
    run_worker(android_app)
    assert len(phone_api.calls) == 1 and len(phone_api.texted()) == 1
    assert messages(database)[0].status == MessageStatus.SENT


def test_a_resend_of_what_the_phone_already_holds_is_not_texted_twice(android_app, phone_api, run_worker,
                                                                       database):
    """Should a send go again anyway (a retry racing the phone's late answer), the phone knows the key."""
    key = left_sending(database)
    phone_api.take(key, PHONE, "Surat Anda siap diambil.")
    with Session(database) as session, session.begin():
        session.execute(update(OutboundSms).values(status=MessageStatus.QUEUED))
    services_of(android_app).jobs.send(messages(database)[0].id)
    run_worker(android_app)
    assert len(phone_api.calls) == 1 and len(phone_api.texted()) == 1
    assert messages(database)[0].status == MessageStatus.SENT


def test_a_number_the_phone_refuses_is_failed_after_one_try(android_app, phone_api, run_worker, database):
    phone_api.script = ["http400"]
    info(android_app)
    run_worker(android_app)
    [message] = messages(database)
    assert (message.status, message.attempts, len(phone_api.calls)) == (MessageStatus.FAILED, 1, 1)
    assert message.last_error == "400 Invalid phone number <number>"  # the phone quoted it; we do not


def test_a_recipient_the_phone_marks_failed_is_failed(android_app, phone_api, run_worker, database):
    phone_api.script = ["failed"]
    info(android_app)
    run_worker(android_app)
    [message] = messages(database)
    assert message.status == MessageStatus.FAILED and message.last_error == "Failed: RESULT_ERROR_NO_SERVICE"


def test_refused_credentials_pause_all_sending_until_someone_resumes(android_app, phone_api, run_worker,
                                                                    database):
    phone_api.script = ["http401"]
    info(android_app)
    run_worker(android_app)
    post_event(android_app.test_client(), received("BANTUAN", message_id="5e6f7a8b"))
    run_worker(android_app)
    assert len(phone_api.calls) == 1  # the second reply was held, not offered to the phone
    assert [m.status for m in messages(database)] == [MessageStatus.HELD, MessageStatus.HELD]
    with Session(database) as session:
        [pause] = session.query(SendingPause).all()
        assert pause.reason == ("401 stand-in http401: check ANDROID_GATEWAY_USERNAME and "
                                "ANDROID_GATEWAY_PASSWORD")
    result = android_app.test_cli_runner().invoke(args=["sms", "resume", "--by", "operator"])
    assert "2 held message(s) queued again" in result.output
    run_worker(android_app)
    assert len(phone_api.texted()) == 2


def test_an_unreadable_2xx_is_sent_under_the_id_we_gave(android_app, phone_api, run_worker, database):
    phone_api.script = ["not-json"]
    info(android_app)
    run_worker(android_app)
    [message] = messages(database)
    assert len(phone_api.calls) == 1
    assert message.status == MessageStatus.SENT and message.provider_message_id == message.send_key


def test_a_phone_that_is_off_fails_the_message_after_every_retry(android_app_with, run_worker, database):
    app = android_app_with(ANDROID_GATEWAY_URL="http://127.0.0.1:9")  # nothing listens there
    info(app)
    run_worker(app)
    [message] = messages(database)
    assert message.status == MessageStatus.FAILED
    assert message.last_error.startswith("gave up after 6 attempts: the phone gateway is unreachable")


def test_a_broadcast_reaches_each_phone_once_though_the_phone_failed_midway(android_app, phone_api,
                                                                            run_worker, database):
    phones = ["+6281234567801", "+6281234567802", "+6281234567803"]
    with Session(database) as session, session.begin():
        ids = [record_message(session, p, "Posyandu Sabtu 09.00.", Purpose.BROADCAST, f"b:{p}").id
               for p in phones]
    phone_api.script = ["ok", "http500"]  # the first phone is texted, then the gateway stumbles
    services_of(android_app).jobs.batch(ids, "batch-test")
    run_worker(android_app)
    assert sorted(to for to, _ in phone_api.texted()) == phones
    assert len(phone_api.calls) == 5  # 2, then all 3 again: the first is recognised by its id
    assert {m.status for m in messages(database)} == {MessageStatus.SENT}


def test_no_phone_number_or_text_reaches_the_log(android_app_with, phone_api, run_worker, caplog):
    caplog.set_level(logging.DEBUG)
    app = android_app_with(ANDROID_GATEWAY_TIMEOUT="1")
    phone_api.script = ["http500", "hang:3", "http400"]
    info(app)
    run_worker(app)
    post_event(app.test_client(), received("SYARAT 7", message_id="9a9a9a9a"))
    run_worker(app)
    logged = caplog.text
    assert "6281234567890" not in logged and "81234567890" not in logged
    assert "Layanan:" not in logged and "SYARAT" not in logged and "Pengantar Nikah" not in logged


def test_a_send_without_a_key_is_named_by_the_phone(android_app, phone_api):
    [receipt] = services_of(android_app).provider.send([PHONE], "Halo")
    [given] = phone_api.taken
    assert phone_api.calls[0]["id"] is None and receipt.accepted and receipt.message_id == given
