"""Cost and abuse limits hold across several web processes, and the resident is answered politely."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Application
from gateway.store.inbox import InboundSms
from gateway.store.messages import BUDGET_WAITING, MessageStatus, OutboundSms, Purpose, record_message
from gateway.store.phones import PhonePreference
from menus.resources import default_texts
from tests.support.gunicorn import gunicorn
from tests.support.phone import Phone
from tests.support.sms import messages, post_incoming
from tests.support.staff import post_form, signed_in

TEXTS = default_texts()
PHONE = "+6281234567890"
NIK = "3171014708900003"
LIMITS = {"SMS_PER_PHONE_HOUR": "5", "SMS_PER_PHONE_DAY": "8", "USSD_HOPS_PER_MINUTE": "30",
          "OPEN_APPLICATIONS_PER_PHONE": "2", "OPEN_APPLICATIONS_PER_NIK": "1"}


@pytest.fixture
def web(environ, tmp_path, redis_client, database):
    """Three gunicorn processes sharing the test's Redis and database."""
    with gunicorn({**environ, **LIMITS}, tmp_path / "gunicorn.log") as url:
        yield url


def hop(url: str, session_id: str, text: str, phone: str = PHONE) -> str:
    return requests.post(f"{url}/ussd", data={"sessionId": session_id, "serviceCode": "*384*123#",
                                             "phoneNumber": phone, "text": text}, timeout=10).text


def test_one_phone_texting_info_200_times_gets_at_most_its_hourly_limit(web, sms_app_with, run_worker,
                                                                        stand_in, database):
    def text_info(n: int) -> int:
        return requests.post(f"{web}/sms/incoming", data={"from": PHONE, "to": "98765", "text": "INFO",
                                                         "id": f"flood-{n}"}, timeout=10).status_code

    with ThreadPoolExecutor(16) as pool:
        assert set(pool.map(text_info, range(200))) == {200}
    run_worker(sms_app_with(**LIMITS))
    assert len(stand_in.sent_texts()) == 5
    with Session(database) as session:
        assert session.scalar(select(func.count()).where(InboundSms.answered_at.is_not(None))) == 200


def test_kirim_sms_pressed_from_parallel_sessions_sends_at_most_the_limit(web, database):
    # The network gives a phone one USSD session at a time, and Sapa keeps one session a phone: a
    # newer session takes over from an older one. So each parallel session dials straight to
    # "Kirim SMS" (a shortcut dial, one hop) and the seven race only in the SMS limit.
    def kirim(n: int) -> str:
        return hop(web, f"par-{n}", "1*1*9")

    with ThreadPoolExecutor(7) as pool:
        screens = list(pool.map(kirim, range(7)))
    sent = [s for s in screens if s.startswith("END Daftar syarat")]
    limited = [s for s in screens if s == f"END {TEXTS('id', 'sms_limited')}"]
    assert (len(sent), len(limited), len(messages(database))) == (5, 2, 5)


def test_the_31st_hop_in_a_minute_gets_a_polite_end_and_other_phones_are_served(web):
    screens = [hop(web, f"h-{n}", "") for n in range(31)]
    assert all(s.startswith("CON Selamat datang") for s in screens[:30])
    assert screens[30] == f"END {TEXTS('id', 'hop_limited')}"
    assert hop(web, "other", "", phone="+6289999999999").startswith("CON Selamat datang")


def apply(url: str, session_id: str, service: str, nik: str = NIK, phone: str = PHONE) -> str:
    text = ""
    for key in ("", "2", service, "Siti Aminah", nik, "3/7", "1", "1"):
        text = f"{text}*{key}" if text else key
        screen = hop(url, session_id, text, phone)
    return screen


def test_one_open_application_per_nik_and_service_and_a_few_per_phone(web, database):
    assert "Kode Anda" in apply(web, "a1", "1")
    nik_limited = TEXTS("id", "apply_limit_nik", service="Domisili")
    assert apply(web, "a2", "1", phone="+6289999999999") == f"END {nik_limited}"  # same NIK, same service
    assert "Kode Anda" in apply(web, "a3", "2")  # same NIK, another service
    assert apply(web, "a4", "3", nik="3171015708900004") == f"END {TEXTS('id', 'apply_limit_phone')}"
    with Session(database) as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 2


def test_a_cancelled_application_no_longer_counts(client, app, database, run_worker):
    phone = Phone(client)
    for _ in range(2):
        phone.dial()
        phone.press("2", "1", "Siti Aminah", NIK, "3/7", "1")
        last = phone.press("1")
    assert last == f"END {TEXTS('id', 'apply_limit_nik', service='Domisili')}"
    code = re.search(r"Kode: (\S+)\.", messages(database)[0].text).group(1)
    post_incoming(client, f"BATAL {code}")
    run_worker(app)
    phone.dial()
    phone.press("2", "1", "Siti Aminah", NIK, "3/7", "1")
    assert "Kode Anda" in phone.press("1")


def test_parallel_confirms_for_one_nik_store_one_application(web, database):
    with ThreadPoolExecutor(4) as pool:
        screens = list(pool.map(lambda n: apply(web, f"p-{n}", "1", phone=f"+62812000000{n}"), range(4)))
    with Session(database) as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 1
    assert sum("Kode Anda" in s for s in screens) == 1


def consenting(database, count: int) -> None:
    with Session(database) as db, db.begin():
        db.add_all(PhonePreference(phone=f"+62811000000{n:02d}", language="id", broadcasts=True)
                   for n in range(count))


def test_a_broadcast_past_the_daily_budget_waits_for_tomorrow_and_staff_see_it(sms_app_with, run_worker,
                                                                                 stand_in, database):
    app = sms_app_with(SMS_DAILY_BUDGET="3")
    consenting(database, 5)
    desk = signed_in(app)
    preview = post_form(desk, "/staff/notices", {"mode": "broadcast", "text": "Posyandu Selasa.",
                                                "step": "preview"}, "/staff/notices")
    batch = preview.text.split('name="batch" value="')[1].split('"')[0]
    post_form(desk, "/staff/notices", {"mode": "broadcast", "text": "Posyandu Selasa.", "step": "send",
                                      "batch": batch}, "/staff/notices")
    post_incoming(app.test_client(), "INFO")  # a reply is never held by the budget
    run_worker(app)
    assert stand_in.sent_texts() and all(t.startswith("Layanan") for t in stand_in.sent_texts())
    held = [m for m in messages(database) if m.purpose == Purpose.BROADCAST]
    tomorrow = services_of(app).counters.next_day(datetime.now(UTC))
    assert len(held) == 5 and {(m.status, m.last_error, m.send_after) for m in held} == {
        (MessageStatus.QUEUED, BUDGET_WAITING, tomorrow)}
    page = desk.get("/staff/messages").text
    assert re.search(r'id="budget" class="error">[^<]*: 1 / 3', page) and "besok: 5" in page


def test_replies_and_notices_count_toward_the_budget_they_are_never_held_by(sms_app_with, run_worker,
                                                                             stand_in, database):
    app = sms_app_with(SMS_DAILY_BUDGET="1")
    with Session(database) as db, db.begin():
        ids = [record_message(db, PHONE, "Surat Anda siap diambil.", Purpose.NOTICE, f"n:{uuid.uuid4()}").id
               for _ in range(2)]
    for message_id in ids:
        services_of(app).jobs.send(message_id)
    run_worker(app)
    assert len(stand_in.sent_texts()) == 2
    assert services_of(app).counters.spent_today(datetime.now(UTC)) == 2
    with Session(database) as session:
        assert {m.status for m in session.scalars(select(OutboundSms))} == {MessageStatus.SENT}
