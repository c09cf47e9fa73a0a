"""SMS over SMPP: the real bind process (smpplib over TCP) to a stand-in SMSC, real RQ workers, real
SQL. Every reply reaches the SMSC once, in whole parts, also after it throttled, failed or cut the link."""

import os
import re
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.sms.providers.smpp.coding import GSM7, UCS2
from gateway.sms.recovery import sweep
from gateway.store.inbox import InboundSms
from gateway.store.messages import MessageStatus, OutboundSms, Purpose, SendingPause, record_message
from tests.shell.test_metrics import scrape, value
from tests.sms.conftest import TOKEN
from tests.support.phone import Phone
from tests.support.sms import messages
from tests.support.staff import signed_in

PHONE = "+6281234567890"


def info(app, smsc):
    assert smsc.send_mo(PHONE, "INFO") == [0]


def syarat_7(app, smsc):
    assert smsc.send_mo(PHONE, "SYARAT 7") == [0]


def kirim_sms_by_ussd(app, smsc):
    phone = Phone(app.test_client(), token=TOKEN)
    phone.dial()
    assert phone.press("1", "7", "9").startswith("END Daftar syarat Pengantar Nikah dikirim")


JOURNEYS = {"INFO": (info, "Layanan:"), "SYARAT 7": (syarat_7, "Syarat Surat Pengantar Nikah"),
            "USSD Kirim SMS": (kirim_sms_by_ussd, "Syarat Surat Pengantar Nikah")}


@pytest.mark.parametrize("journey", JOURNEYS)
@pytest.mark.parametrize("first_answers", [[], ["throttle", "throttle"], ["throttle"] * 4, ["fail:08"],
                                           ["cut"], ["ok", "cut"]],
                         ids=["at-once", "throttled", "throttled-long", "system-error", "cut", "cut-mid-way"])
def test_each_reply_reaches_the_smsc_exactly_once(bound, smsc, run_worker, database, journey, first_answers):
    start, opening = JOURNEYS[journey]
    smsc.script = list(first_answers)
    start(bound, smsc)
    run_worker(bound)
    [message] = messages(database)
    [(to, text)] = smsc.texted()  # joins the parts by reference; fails on a missing or doubled part
    assert to == PHONE and text == message.text and text.startswith(opening)
    assert len(smsc.submits) == message.segments  # one submit per part, none twice
    assert message.status == MessageStatus.SENT and message.provider == "smpp"
    assert message.provider_message_id == smsc.submits[0].message_id
    assert {s.source for s in smsc.submits} == {"3345"} and {s.data_coding for s in smsc.submits} == {GSM7}


def test_syarat_7_goes_in_parts_with_one_reference(bound, smsc, run_worker, database):
    syarat_7(bound, smsc)
    run_worker(bound)
    [message] = messages(database)
    assert message.segments > 1
    assert len({s.reference for s in smsc.submits}) == 1 and all(s.esm_class == 0x40 for s in smsc.submits)
    assert [s.seq for s in smsc.submits] == list(range(1, message.segments + 1))


def notice(app, text: str) -> int:
    with Session(services_of(app).database) as session, session.begin():
        message_id = record_message(session, PHONE, text, Purpose.NOTICE, "t:notice").id
    services_of(app).jobs.send(message_id)
    return message_id


def test_text_outside_gsm7_goes_as_ucs2(bound, smsc):
    """Stored messages are made GSM-7 first (record_message); the provider still sends any text whole."""
    text = "Surat Anda siap diambil ✓ " * 4  # "✓" is not GSM-7: UCS-2, 67 characters a part
    [receipt] = services_of(bound).provider.send([PHONE], text, ["sapa-ucs2"])
    assert receipt.accepted and receipt.message_id == smsc.submits[0].message_id
    assert smsc.texted() == [(PHONE, text)]
    assert {s.data_coding for s in smsc.submits} == {UCS2} and len(smsc.submits) == 2


def test_a_permanent_refusal_fails_the_message_with_the_reason(bound, smsc, run_worker, database):
    smsc.script = ["fail:0B"]
    info(bound, smsc)
    run_worker(bound)
    [message] = messages(database)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert message.last_error == "0x0b ESME_RINVDSTADR" and smsc.submits == []


def test_refused_credentials_pause_all_sending(smpp_app_with, smsc, start_bind, run_worker, database):
    app = smpp_app_with(SMPP_PASSWORD="salah", SMPP_ANSWER_SECONDS="2")
    start_bind(app)
    notice(app, "Surat Anda siap diambil.")
    run_worker(app)
    [message] = messages(database)
    assert message.status == MessageStatus.HELD and "ESME_RINVPASWD" in message.last_error
    with Session(database) as session:
        assert session.scalar(select(func.count()).select_from(SendingPause)) == 1
    assert smsc.binds and smsc.submits == []


def test_a_bind_process_that_starts_late_sends_what_waited_once(smpp_app_with, smsc, start_bind, run_worker,
                                                                database):
    app = smpp_app_with(SMPP_ANSWER_SECONDS="1")
    notice(app, "Surat Anda siap diambil.")
    late = threading.Timer(1.5, start_bind, args=(app,))
    late.start()  # the worker's first attempts time out: nobody holds the link yet
    run_worker(app)
    late.join()
    [message] = messages(database)
    assert message.status == MessageStatus.SENT and message.attempts >= 2
    assert smsc.texted() == [(PHONE, "Surat Anda siap diambil.")]


def test_a_receipt_with_a_decimal_id_updates_the_message(bound, smsc, run_worker, database):
    info(bound, smsc)
    run_worker(bound)
    assert smsc.send_receipt(smsc.submits[0].message_id) == 0
    [message] = messages(database)
    assert (message.status, message.delivery_status) == (MessageStatus.DELIVERED, "DELIVRD")


def test_a_long_message_is_delivered_when_every_part_is(bound, smsc, run_worker, database):
    syarat_7(bound, smsc)
    run_worker(bound)
    first, *rest = smsc.submits
    smsc.send_receipt(first.message_id, tlv=True)
    [message] = messages(database)
    assert (message.status, message.delivery_status) == (MessageStatus.SENT, f"DELIVRD 1/{len(smsc.submits)}")
    for part in rest:
        smsc.send_receipt(part.message_id)
    assert messages(database)[0].status == MessageStatus.DELIVERED


def test_a_long_message_with_an_undelivered_part_is_undelivered(bound, smsc, run_worker, database):
    syarat_7(bound, smsc)
    run_worker(bound)
    smsc.send_receipt(smsc.submits[0].message_id)
    smsc.send_receipt(smsc.submits[1].message_id, stat="UNDELIV", err="001")
    [message] = messages(database)
    assert message.status == MessageStatus.UNDELIVERED and message.last_error == "UNDELIV: err:001"


def inbound_count(database) -> int:
    with Session(database) as session:
        return session.scalar(select(func.count()).select_from(InboundSms))


def test_an_sms_delivered_again_after_a_cut_is_answered_once(bound, smsc, run_worker, database):
    info(bound, smsc)
    smsc.cut()  # as if our deliver_sm_resp was lost: the SMSC delivers it again after the rebind
    smsc.wait_bound()
    info(bound, smsc)
    run_worker(bound)
    assert inbound_count(database) == 1
    assert [text.split(":")[0] for _, text in smsc.texted()] == ["Layanan"]


def test_a_long_sms_from_a_resident_is_joined_before_it_is_read(bound, smsc, database):
    words = "Mohon info syarat surat pindah untuk keluarga kami yang baru datang dari Jawa Tengah. " * 3
    assert smsc.send_mo(PHONE, words) == [0, 0]
    with Session(database) as session:
        assert session.scalar(select(InboundSms.text)) == words


@pytest.mark.parametrize("fields", [
    {"source_addr": "", "short_message": b"INFO"},
    {"source_addr": "6281234567890", "data_coding": 0x04, "short_message": b"\x01"},
    {"source_addr": "6281234567890", "esm_class": 0x40, "short_message": b"\x09\x00"},
    {"source_addr": "6281200000000", "esm_class": 0x04, "short_message": b"sub:001 stat:DELIVRD"},
], ids=["no-sender", "binary", "cut-header", "receipt-without-id"])
def test_a_malformed_deliver_sm_is_refused_and_nothing_is_stored(bound, smsc, database, fields):
    assert smsc.send_raw(**fields) == 0x66  # ESME_RX_R_APPN: rejected, not to be delivered again
    assert inbound_count(database) == 0 and smsc.bound()


def test_a_send_a_dead_worker_left_after_the_smsc_took_it_is_settled_by_the_record(bound, smsc, run_worker,
                                                                                 database):
    with Session(database) as session, session.begin():
        message = record_message(session, PHONE, "Surat Anda siap diambil.", Purpose.NOTICE, "t:stuck")
        session.flush()
        message.status, key = MessageStatus.SENDING, message.send_key
    services_of(bound).provider.send([PHONE], "Surat Anda siap diambil.", [key])  # then the worker died
    with Session(database) as session, session.begin():
        session.execute(update(OutboundSms).values(updated_at=datetime.now(UTC) - timedelta(hours=1)))
    assert sweep(services_of(bound), stale_after=timedelta(minutes=2)) == 1
    run_worker(bound)
    assert len(smsc.submits) == 1 and messages(database)[0].status == MessageStatus.SENT


def test_the_console_sms_status_and_metrics_say_smpp_sent_it(bound, smsc, run_worker, database):
    info(bound, smsc)
    run_worker(bound)
    page = signed_in(bound).get("/staff/messages").text
    row = next(line for line in page.split("<tr") if "Layanan" in line)
    assert "<td>smpp</td>" in row.replace(" ", "")
    said = bound.test_cli_runner().invoke(args=["sms", "status"]).output
    assert "provider in use: smpp" in said and "SMPP link: bound to 127.0.0.1" in said, said
    assert re.search(r"sent\s+1\s+smpp", said), said
    assert value(scrape(bound.test_client()), "sapa_sms_messages", provider="smpp", status="sent") == 1


def test_a_cut_between_a_submit_and_its_answer_sends_that_part_again(bound, smsc, run_worker, database):
    """The one case SMPP leaves open (README "Once only"): the SMSC took the part and the link broke
    before it answered. The part goes again after the rebind: maybe twice, never a hole."""
    smsc.script = ["take-and-cut"]
    info(bound, smsc)
    run_worker(bound)
    [message] = messages(database)
    assert [s.text for s in smsc.submits] == [message.text] * 2 and message.status == MessageStatus.SENT


def test_an_sms_that_cannot_be_stored_now_is_refused_for_now(smpp_app_with, smsc, start_bind,
                                                             unreachable_database_url):
    app = smpp_app_with(DATABASE_URL=unreachable_database_url)
    start_bind(app)
    smsc.wait_bound()
    assert smsc.send_mo(PHONE, "INFO") == [0x64]  # ESME_RX_T_APPN: the SMSC delivers it again later


def test_an_idle_link_is_kept_alive_with_enquire_link(bound, smsc):
    time.sleep(2.5)  # enquire_seconds is 1 in these tests
    assert smsc.enquiries >= 1 and smsc.bound() and len(smsc.binds) == 1


def test_a_message_given_up_on_while_the_bind_was_down_is_never_sent_later(smpp_app_with, smsc, start_bind,
                                                                           run_worker, database):
    app = smpp_app_with(SMPP_ANSWER_SECONDS="1", SMS_RETRY_SECONDS="0")
    notice(app, "Surat Anda siap diambil.")
    run_worker(app)  # two attempts, nobody holds the link: failed, staff will call the resident
    assert messages(database)[0].status == MessageStatus.FAILED
    start_bind(app)
    smsc.wait_bound()
    time.sleep(1.0)  # the requests the attempts left are taken and dropped unsent
    assert smsc.submits == [] and services_of(app).redis.llen("sapa:smpp:requests") == 0


def test_a_silent_smsc_is_noticed_and_bound_again(bound, smsc, run_worker):
    smsc.mute()  # the link stays open but nothing answers, not even enquire_link
    deadline = time.monotonic() + 15
    while len(smsc.binds) < 2:
        assert time.monotonic() < deadline, "no rebind after the SMSC fell silent"
        time.sleep(0.1)
    smsc.wait_bound()
    info(bound, smsc)
    run_worker(bound)
    assert [text.split(":")[0] for _, text in smsc.texted()] == ["Layanan"]


def run_bind_process(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workers.smpp", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


def test_the_bind_process_exits_politely_with_another_provider(environ):
    done = run_bind_process({**environ, "SMS_PROVIDER": "console"})
    assert done.returncode == 0 and "SMS_PROVIDER is not smpp" in done.stderr


def test_the_health_check_says_whether_the_link_is_bound(smpp_environ, bound, smsc):
    done = run_bind_process(smpp_environ, "--health")
    assert done.returncode == 0 and "SMPP link: bound to 127.0.0.1" in done.stderr
    smsc.refusing = True  # the account is blocked: the link goes down and stays down
    smsc.cut()
    deadline = time.monotonic() + 10
    while "refused" not in (done := run_bind_process(smpp_environ, "--health")).stderr:
        assert time.monotonic() < deadline, done.stderr
    assert done.returncode == 1 and "SMPP link: refused: the SMSC answered 0x0e ESME_RINVPASWD" in done.stderr
