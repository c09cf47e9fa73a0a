"""POST /ussd: a resident dials, reads requirements, drops, redials and resumes."""

from menus.resources import default_texts
from tests.ussd_phone import Phone

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


def test_the_same_hop_sent_twice_gets_the_same_screen(client, redis_client):
    phone = Phone(client)
    phone.dial()
    first = phone.press("5", "2")  # choose English: a side effect (a job) is queued once
    jobs_after_first = redis_client.llen("rq:queue:default")
    assert phone.post() == first
    assert redis_client.llen("rq:queue:default") == jobs_after_first == 1


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


def test_redis_keys_carry_no_phone_number(client, redis_client):
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2", "1", "4")
    keys = b" ".join(redis_client.keys("*"))
    assert b"6281234567890" not in keys
    assert all(b"6281234567890" not in (redis_client.dump(k) or b"") for k in redis_client.keys("sapa:*"))


def test_the_database_is_asked_for_a_phones_language_once_not_on_every_call(client, app, redis_client):
    from sqlalchemy import event
    queries = []
    event.listen(app.extensions["sapa"].database, "before_cursor_execute",
                 lambda *args: queries.append(args[2]))
    for _ in range(3):
        Phone(client).dial()
    assert len([q for q in queries if "phone_preferences" in q]) == 1
