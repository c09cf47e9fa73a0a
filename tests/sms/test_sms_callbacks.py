"""SMS callbacks are hostile until parsed; delivery reports move a message to its final state."""

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.messages import EarlyDeliveryReport, MessageStatus
from gateway.store.phones import PhonePreference
from tests.support.sms import messages, post_incoming


@pytest.mark.parametrize(("form", "message"), [
    ({"to": "98765", "text": "INFO", "id": "x1"}, "from is missing"),
    ({"from": "0812", "text": "INFO", "id": "x1"}, "from must be a phone number"),
    ({"from": "+62 812 abc", "text": "INFO", "id": "x1"}, "from must be a phone number"),
    ({"from": "+6281234567890", "text": "INFO"}, "id is missing"),
    ({"from": "+6281234567890", "text": "INFO", "id": "x" * 101}, "id is longer than 100"),
])
def test_malformed_incoming_sms_gets_400(client, form, message):
    response = client.post("/sms/incoming", data=form)
    assert response.status_code == 400 and message in response.text


def test_a_100_kb_text_gets_413_not_500(client):
    form = {"from": "+6281234567890", "id": "big", "text": "A" * 100_000}
    response = client.post("/sms/incoming", data=form)
    assert response.status_code == 413


def test_a_long_text_within_the_body_limit_is_cut_and_answered(sms_app, run_worker, stand_in):
    response = post_incoming(sms_app.test_client(), "SYARAT 2 " + "x" * 5000)
    assert response.status_code == 200
    run_worker()
    assert stand_in.sent_texts()[0].startswith("Syarat Surat Keterangan Tidak Mampu")


def test_with_the_database_down_the_provider_is_asked_to_post_again(app_with, unreachable_database_url):
    response = post_incoming(app_with(DATABASE_URL=unreachable_database_url).test_client(), "INFO")
    assert response.status_code == 503


def sent_message(sms_app, run_worker, database):
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    [message] = messages(database)
    return message


def report(client, message_id, status, reason=""):
    return client.post("/sms/delivery", data={
        "id": message_id, "status": status, "phoneNumber": "+6281234567890", "networkCode": "51010",
        "failureReason": reason, "retryCount": "0"})


def test_a_success_report_marks_the_message_delivered(sms_app, run_worker, database):
    message = sent_message(sms_app, run_worker, database)
    client = sms_app.test_client()
    assert report(client, message.provider_message_id, "Buffered").status_code == 200
    assert messages(database)[0].status == MessageStatus.SENT
    assert report(client, message.provider_message_id, "Success").status_code == 200
    assert messages(database)[0].status == MessageStatus.DELIVERED
    report(client, message.provider_message_id, "Buffered")  # a late report crossing the final one
    assert messages(database)[0].status == MessageStatus.DELIVERED


def test_a_failed_report_asks_staff_to_call_the_resident(sms_app, run_worker, database):
    message = sent_message(sms_app, run_worker, database)
    report(sms_app.test_client(), message.provider_message_id, "Failed", "DeliveryFailure")
    stored = messages(database)[0]
    assert stored.status == MessageStatus.UNDELIVERED and stored.last_error == "Failed: DeliveryFailure"
    result = sms_app.test_cli_runner().invoke(args=["sms", "failed"])
    assert "+628*******890 reply undelivered" in result.output and "6281234567890" not in result.output


def test_a_blacklisted_report_opts_the_phone_out(sms_app, run_worker, database):
    message = sent_message(sms_app, run_worker, database)
    report(sms_app.test_client(), message.provider_message_id, "Rejected", "UserInBlackList")
    with Session(database) as session:
        assert session.get(PhonePreference, "+6281234567890").broadcasts is False


def test_a_report_for_an_unknown_id_is_kept_not_lost(client, database):
    response = report(client, "ATXid_nobody", "Success")
    assert response.status_code == 200 and response.text == "kept until its message is known\n"
    with Session(database) as session:
        [kept] = session.scalars(select(EarlyDeliveryReport)).all()
        assert (kept.provider_message_id, kept.status) == ("ATXid_nobody", "Success")


def test_a_failed_report_that_beats_the_send_job_is_applied_when_the_id_is_recorded(sms_app, stand_in,
                                                                                    run_worker, database):
    client = sms_app.test_client()
    report(client, "ATXid_fast", "Buffered")
    report(client, "ATXid_fast", "Failed", "DeliveryFailure")  # before the send job stored the id
    stand_in.message_ids = ["ATXid_fast"]
    post_incoming(client, "INFO")
    run_worker()
    [message] = messages(database)
    assert message.provider_message_id == "ATXid_fast"
    assert (message.status, message.delivery_status) == (MessageStatus.UNDELIVERED, "Failed")
    assert message.last_error == "Failed: DeliveryFailure"
    with Session(database) as session:
        assert session.scalars(select(EarlyDeliveryReport)).all() == []


def test_a_report_crossing_the_send_jobs_write_is_applied_by_the_report(sms_app, run_worker, database,
                                                                        monkeypatch):
    import gateway.sms.delivery as delivery
    message = sent_message(sms_app, run_worker, database)
    real, looks = delivery._message, []

    def first_look_misses(session, provider_message_id):  # the job stores the id just after it
        looks.append(provider_message_id)
        return None if len(looks) == 1 else real(session, provider_message_id)

    monkeypatch.setattr(delivery, "_message", first_look_misses)
    response = report(sms_app.test_client(), message.provider_message_id, "Failed", "DeliveryFailure")
    assert response.text == "recorded\n" and len(looks) == 2
    assert messages(database)[0].status == MessageStatus.UNDELIVERED
    with Session(database) as session:
        assert session.scalars(select(EarlyDeliveryReport)).all() == []


def test_a_kept_report_for_another_id_is_left_and_old_ones_are_dropped(sms_app, stand_in, run_worker,
                                                                       database):
    from datetime import UTC, datetime, timedelta
    client = sms_app.test_client()
    report(client, "ATXid_stale", "Success")
    with Session(database) as session, session.begin():
        session.scalars(select(EarlyDeliveryReport)).one().received_at = datetime.now(UTC) - timedelta(days=2)
    report(client, "ATXid_other", "Success")
    post_incoming(client, "INFO")
    run_worker()
    assert messages(database)[0].status == MessageStatus.SENT
    with Session(database) as session:
        kept = session.scalars(select(EarlyDeliveryReport.provider_message_id)).all()
        assert kept == ["ATXid_other"]


@pytest.mark.parametrize(("form", "message"), [
    ({"status": "Success"}, "id is missing"),
    ({"id": "ATXid_1", "status": "Teleported"}, "status must be one of"),
])
def test_malformed_delivery_reports_get_400(client, form, message):
    response = client.post("/sms/delivery", data=form)
    assert response.status_code == 400 and message in response.text


def test_failed_messages_can_be_listed_and_queued_again(sms_app, stand_in, run_worker, database):
    stand_in.script = [(403, "InvalidPhoneNumber")]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    runner = sms_app.test_cli_runner()
    assert "1 message(s) need attention" in runner.invoke(args=["sms", "failed"]).output
    assert "1 message(s) queued again" in runner.invoke(args=["sms", "retry", "--all-failed"]).output
    run_worker()
    assert messages(database)[0].status == MessageStatus.SENT
    status = runner.invoke(args=["sms", "status"]).output
    assert re.search(r"^sent +1  africastalking$", status, re.M) and "sending: running" in status
    assert "provider in use: africastalking" in status


def test_the_console_provider_prints_masked_numbers():
    from gateway.sms.providers.console import ConsoleProvider
    printed = []
    provider = ConsoleProvider(write=lambda text, flush: printed.append(text))
    [receipt] = provider.send(["+6281234567890"], "Halo")
    assert receipt.accepted and "+628*******890" in printed[0] and "6281234567890" not in printed[0]
    assert "GSM-7, 1 segment(s)" in printed[0]


def test_without_a_callback_token_only_this_machine_may_post_callbacks(client):
    form = {"from": "+6281234567890", "to": "98765", "text": "INFO", "id": "far-1"}
    far = client.post("/sms/incoming", data=form, environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert far.status_code == 403 and "this machine only" in far.text
    ussd = client.post("/ussd", data={"sessionId": "far", "phoneNumber": "+6281234567890", "text": ""},
                       environ_base={"REMOTE_ADDR": "198.51.100.2"})
    assert ussd.status_code == 403
    assert client.post("/sms/incoming", data=form, environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_with_a_callback_token_any_address_may_post_with_it(app_with):
    client = app_with(CALLBACK_TOKEN="t" * 20).test_client()
    form = {"from": "+6281234567890", "to": "98765", "text": "INFO", "id": "far-2"}
    assert client.post(f"/sms/incoming?token={'t' * 20}", data=form,
                       environ_base={"REMOTE_ADDR": "203.0.113.7"}).status_code == 200
    assert client.post("/sms/incoming?token=wrong", data=form).status_code == 403
