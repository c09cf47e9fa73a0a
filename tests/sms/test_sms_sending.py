"""Sending through the real SDK to a stand-in provider, with real RQ workers: nothing lost or sent twice."""

from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.sms.sending import send_message
from gateway.store.messages import MessageStatus, Purpose, SendingPause, record_message
from gateway.store.phones import PhonePreference
from tests.support.phone import Phone
from tests.support.sms import messages, post_incoming


def test_a_keyword_is_answered_through_the_provider(sms_app, stand_in, run_worker, database):
    assert post_incoming(sms_app.test_client(), "syarat 1").status_code == 200
    assert stand_in.calls == []  # the request only records and queues
    run_worker()
    [call] = stand_in.calls
    assert call["to"] == "+6281234567890" and call["message"].startswith("Syarat Surat Keterangan Domisili")
    assert call["bulkSMSMode"] == "1" and "from" not in call
    [message] = messages(database)
    assert message.status == MessageStatus.SENT and message.provider_message_id.startswith("ATXid_")
    assert message.cost == "IDR 350.0000" and message.attempts == 1 and message.segments == 1
    assert message.provider == "africastalking"


def test_provider_down_for_three_calls_the_reply_arrives_exactly_once(sms_app, stand_in, run_worker,
                                                                      database):
    stand_in.script = ["http500", "http500", "http500"]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    assert [call["_answer"] for call in stand_in.calls] == ["http500"] * 3 + ["ok"]
    assert len(stand_in.sent_texts()) == 1
    [message] = messages(database)
    assert (message.status, message.attempts) == (MessageStatus.SENT, 4)


def test_per_recipient_5xx_status_is_retried_too(sms_app, stand_in, run_worker, database):
    stand_in.script = [(502, "RejectedByGateway")]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    assert len(stand_in.calls) == 2 and messages(database)[0].status == MessageStatus.SENT


def test_an_invalid_number_is_tried_once_and_recorded_as_failed(sms_app, stand_in, run_worker, database):
    stand_in.script = [(403, "InvalidPhoneNumber")]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    assert len(stand_in.calls) == 1
    [message] = messages(database)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert message.last_error == "403 InvalidPhoneNumber"
    assert message.provider_message_id is None  # the provider's "None" is no id


def test_retries_run_out_and_the_message_is_failed_not_lost(sms_app, stand_in, run_worker, database):
    stand_in.script = ["http500"] * 10
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    assert len(stand_in.calls) == 6  # the first try and five retries (SMS_RETRY_SECONDS has five)
    [message] = messages(database)
    assert message.status == MessageStatus.FAILED
    assert message.last_error.startswith("gave up after 6 attempts")


def test_the_same_incoming_id_posted_three_times_gets_one_reply(sms_app, stand_in, run_worker, database):
    client = sms_app.test_client()
    answers = [post_incoming(client, "INFO", provider_id="ATXid_same").text for _ in range(3)]
    run_worker()
    assert answers[0] == "received\n"
    assert post_incoming(client, "INFO", provider_id="ATXid_same").text == "already answered\n"
    assert len(stand_in.calls) == 1 and len(messages(database)) == 1


def test_an_opted_out_number_406_is_final_and_marks_the_phone(sms_app, stand_in, run_worker, database):
    stand_in.script = [(406, "UserInBlacklist")]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    assert len(stand_in.calls) == 1 and messages(database)[0].status == MessageStatus.FAILED
    with Session(database) as session:
        assert session.get(PhonePreference, "+6281234567890").broadcasts is False


def test_insufficient_balance_pauses_all_sending_until_resumed(sms_app, stand_in, run_worker, database):
    client = sms_app.test_client()
    stand_in.script = [(405, "InsufficientBalance")]
    post_incoming(client, "INFO")
    run_worker()
    post_incoming(client, "BANTUAN", phone="+6289999999999")
    run_worker()
    assert len(stand_in.calls) == 1  # the second message was held, not sent
    assert [m.status for m in messages(database)] == [MessageStatus.HELD, MessageStatus.HELD]
    with Session(database) as session:
        assert session.query(SendingPause).filter(SendingPause.resumed_at.is_(None)).count() == 1
    result = sms_app.test_cli_runner().invoke(args=["sms", "resume", "--by", "operator"])
    assert result.exit_code == 0 and "2 held message(s) queued again" in result.output
    run_worker()
    assert len(stand_in.sent_texts()) == 2
    assert [m.status for m in messages(database)] == [MessageStatus.SENT, MessageStatus.SENT]


def test_sender_id_is_used_when_set(sms_app_with, stand_in, run_worker):
    app = sms_app_with(AT_SENDER_ID="KELTJSARI")
    post_incoming(app.test_client(), "INFO")
    run_worker(app)
    assert stand_in.calls[0]["from"] == "KELTJSARI"


def test_an_unreadable_2xx_is_not_sent_again(sms_app, stand_in, run_worker, database):
    stand_in.script = ["not-json"]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    assert len(stand_in.calls) == 1
    [message] = messages(database)
    assert message.status == MessageStatus.SENT and message.last_error == "provider answer unreadable"


def test_kirim_sms_from_ussd_sends_the_list_once_even_when_the_hop_is_resent(sms_app, stand_in, run_worker,
                                                                              database):
    phone = Phone(sms_app.test_client())
    phone.dial()
    phone.press("1", "7")
    end = phone.press("9")
    assert end.startswith("END Daftar syarat Pengantar Nikah dikirim")
    assert phone.post() == end  # the provider re-sends the hop
    run_worker()
    [text] = stand_in.sent_texts()
    assert text.startswith("Syarat Surat Pengantar Nikah (N1-N4):\n1. Surat pengantar RT/RW")
    assert len(messages(database)) == 1


def test_language_chosen_by_sms_is_used_on_the_next_dial(sms_app, stand_in, run_worker):
    client = sms_app.test_client()
    post_incoming(client, "BAHASA EN")
    run_worker()
    assert stand_in.sent_texts()[0].startswith("SMS and USSD language: English.")
    assert Phone(client).dial().startswith("CON Welcome to")
    post_incoming(client, "info")
    run_worker()
    assert stand_in.sent_texts()[-1].startswith("Services: 1 Domicile")


def test_stop_and_start_change_broadcast_consent(sms_app, run_worker, database):
    client = sms_app.test_client()
    post_incoming(client, "BERHENTI")
    run_worker()
    with Session(database) as session:
        assert session.get(PhonePreference, "+6281234567890").broadcasts is False
    post_incoming(client, "mulai")
    run_worker()
    with Session(database) as session:
        assert session.get(PhonePreference, "+6281234567890").broadcasts is True


def test_enqueuing_the_same_message_twice_sends_it_once(sms_app, stand_in, run_worker, database):
    services = services_of(sms_app)
    with Session(database) as session, session.begin():
        message_id = record_message(session, "+6281234567890", "Halo", Purpose.NOTICE, "test:twice").id
        again = record_message(session, "+6281234567890", "Halo", Purpose.NOTICE, "test:twice").id
    assert again == message_id
    services.jobs.send(message_id)
    services.jobs.send(message_id, force=True)  # e.g. the sweep and a staff retry at once
    run_worker()
    assert send_message(services, message_id) == "nothing to do: sent"
    assert len(stand_in.calls) == 1
