"""POST /ussd: a resident dials, reads requirements, drops, redials and resumes."""

import zlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.phones import PhonePreference
from gateway.ussd import hop as hop_module
from menus.resources import default_texts
from tests.support.phone import Phone
from tests.support.sms import messages

TEXTS = default_texts()


def test_dialling_shows_the_welcome_menu(client):
    body = Phone(client).dial()
    assert body.startswith("CON Selamat datang di Kelurahan Tanjung Sari\n1. Syarat layanan")


def test_requirements_of_sktm_are_two_inputs_away(client):
    phone = Phone(client)
    phone.dial()
    body = phone.press("1", "2")
    assert body.startswith("CON Syarat SKTM")
    assert "- Surat pengantar RT/RW" in body


def test_a_shortcut_dial_lands_on_the_service_directly(client):
    assert Phone(client).dial("1*2").startswith("CON Syarat SKTM")


def test_exit_ends_the_session(client):
    phone = Phone(client)
    phone.dial()
    assert phone.press("0") == f"END {TEXTS('id', 'goodbye')}"


def test_the_same_hop_sent_twice_gets_the_same_screen_and_stores_once(client, database):
    phone = Phone(client)
    phone.dial()
    first = phone.press("5", "2")  # choose English: stored in the database by this hop
    assert phone.post() == first
    with Session(database) as session:
        [row] = session.scalars(select(PhonePreference)).all()
        assert (row.phone, row.language) == (phone.number, "en")


def test_hops_after_the_session_ended_run_nothing(sms_app, stand_in, run_worker, database):
    phone = Phone(sms_app.test_client())
    phone.dial()
    end = phone.press("1", "7", "9")  # Kirim SMS: the list is sent and the session ends
    assert end.startswith("END ")
    assert phone.press("9") == end  # a confused aggregator keeps posting the old session
    assert phone.press("9") == end
    run_worker()
    assert len(stand_in.calls) == 1 and len(messages(database)) == 1


def test_language_is_remembered_for_the_phone_in_the_next_session(client):
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2")
    assert phone.dial().startswith("CON Welcome to Kelurahan Tanjung Sari")
    assert Phone(client, number="+6289999999999").dial().startswith("CON Selamat datang")


def test_a_dropped_session_resumes_on_exactly_the_screen_left(client):
    phone = Phone(client)
    phone.dial()
    left = phone.press("1", "7", "98")
    offer = phone.dial()
    assert offer.startswith(f"CON {TEXTS('id', 'resume_title')}")
    assert phone.press("1") == left


def test_redialling_after_a_finished_session_starts_afresh(client):
    phone = Phone(client)
    phone.dial()
    phone.press("1", "7", "00", "0")
    assert phone.dial().startswith("CON Selamat datang")


def test_choosing_start_again_forgets_the_dropped_screen(client):
    phone = Phone(client)
    phone.dial()
    phone.press("1", "3")
    phone.dial()
    assert phone.press("2").startswith("CON Selamat datang")
    assert phone.dial().startswith("CON Selamat datang")


def test_resume_offer_survives_a_second_drop(client):
    phone = Phone(client)
    phone.dial()
    left = phone.press("1", "5")
    phone.dial()  # offered, dropped again before answering
    phone.dial()
    assert phone.press("1") == left


def test_without_resume_seconds_nothing_is_offered(app_with):
    phone = Phone(app_with(SESSION_RESUME_SECONDS="0").test_client())
    phone.dial()
    phone.press("1", "5")
    assert phone.dial().startswith("CON Selamat datang")


def test_wrong_input_keeps_the_session_open(client):
    phone = Phone(client)
    phone.dial()
    body = phone.press("7")
    assert body.startswith(f"CON {TEXTS('id', 'invalid')}\n")


def test_redis_keys_carry_no_phone_number(sms_app, redis_client):
    phone = Phone(sms_app.test_client())
    phone.dial()
    phone.press("5", "2", "1", "4", "9")  # a language choice, then Kirim SMS: a job is queued
    phone.dial()
    phone.press("1", "2")  # left mid-journey: a snapshot to resume
    keys = redis_client.keys("*")
    assert any(k.startswith(b"rq:job:") for k in keys) and any(k.endswith(b":ussd") for k in keys)
    for key in keys:
        assert b"6281234567890" not in key
        assert all(b"6281234567890" not in value for value in stored_values(redis_client, key)), key


def stored_values(client, key: bytes) -> list[bytes]:
    """Every field and value under a key, also unzipped (RQ keeps job data zlib-compressed)."""
    kind = client.type(key)
    if kind == b"string":
        values = [client.get(key)]
    elif kind == b"hash":
        values = [b for pair in client.hgetall(key).items() for b in pair]
    elif kind == b"list":
        values = client.lrange(key, 0, -1)
    elif kind == b"set":
        values = list(client.smembers(key))
    elif kind == b"zset":
        values = client.zrange(key, 0, -1)
    else:
        raise AssertionError(f"{key!r}: a {kind!r} key this test cannot read")
    unzipped = []
    for value in values:
        try:
            unzipped.append(zlib.decompress(value))
        except zlib.error:
            pass
    return values + unzipped


def test_the_database_is_asked_for_a_phones_language_once_not_on_every_call(client, app, redis_client):
    from sqlalchemy import event
    queries = []
    event.listen(services_of(app).database, "before_cursor_execute",
                 lambda *args: queries.append(args[2]))
    for _ in range(3):
        Phone(client).dial()
    assert len([q for q in queries if "phone_preferences" in q]) == 1



def post(client, session_id: str, text: str) -> str:
    return client.post("/ussd", data={"sessionId": session_id, "serviceCode": "*384*123#",
                                      "phoneNumber": "+6281234567890", "text": text}).text


@pytest.mark.parametrize("latest", [False, True])
def test_a_late_resend_from_a_session_left_behind_leaves_the_live_one_alone(app_with, latest):
    client = app_with(USSD_INPUT="latest" if latest else "cumulative").test_client()
    for text in ("", "1", "1" if latest else "1*1"):  # left on the requirements of Domisili
        post(client, "ATUid_left", text)
    assert post(client, "ATUid_live", "").startswith(f"CON {TEXTS('id', 'resume_title')}")
    post(client, "ATUid_live", "2")  # start again
    office = post(client, "ATUid_live", "4" if latest else "2*4")
    late = post(client, "ATUid_left", "1" if latest else "1*1")  # the provider re-sends, late
    assert late == f"END {TEXTS('id', 'goodbye')}"
    if not latest:
        assert post(client, "ATUid_live", "2*4") == office  # the live session is as it was
    assert post(client, "ATUid_live", "0" if latest else "2*4*0").startswith("CON Selamat datang")


def test_an_offer_left_unanswered_lapses_counted_from_the_first_drop(client, monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(hop_module, "_now", lambda: datetime.fromtimestamp(clock[0], UTC))
    phone = Phone(client)
    phone.dial()
    phone.press("1", "2")  # dropped here at t0; SESSION_RESUME_SECONDS is 300
    clock[0] += 200
    assert phone.dial().startswith(f"CON {TEXTS('id', 'resume_title')}")  # dropped again on the offer
    clock[0] += 200
    assert phone.dial().startswith("CON Selamat datang")  # t0 + 400: the offer has lapsed
