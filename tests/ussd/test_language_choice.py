"""The hop stores a phone's chosen language in the database itself (no job carries the phone number),
so it survives Redis losing its data; Redis only caches it, for a week."""

from sqlalchemy import event
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.phones import LANGUAGE_TTL, PhonePreference
from tests.support.phone import Phone
from tests.support.sms import post_incoming


def test_the_chosen_language_is_stored_by_the_hop_and_outlives_redis(client, redis_client, database):
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2")
    with Session(database) as session:
        assert session.get(PhonePreference, phone.number).language == "en"
    assert redis_client.keys("rq:*") == []  # nothing was queued
    redis_client.flushdb()  # Redis restarted without persistence
    assert phone.dial().startswith("CON Welcome to")


def test_choosing_again_updates_the_same_row(client, database):
    phone = Phone(client)
    for choice in ("2", "1"):
        phone.dial()
        phone.press("5", choice)
    with Session(database) as session:
        assert session.get(PhonePreference, phone.number).language == "id"
        assert session.query(PhonePreference).count() == 1


def test_the_same_language_hop_sent_twice_writes_once(client, app, database):
    phone = Phone(client)
    phone.dial()
    first = phone.press("5", "2")
    statements = []
    event.listen(services_of(app).database, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    assert phone.post() == first  # the provider re-sends the hop
    assert statements == []
    with Session(database) as session:
        assert session.query(PhonePreference).count() == 1


def test_with_the_database_down_a_language_choice_still_works_from_redis(app_with, unreachable_database_url):
    phone = Phone(app_with(DATABASE_URL=unreachable_database_url).test_client())
    phone.dial()
    assert phone.press("5", "2").startswith("CON ")
    assert phone.dial().startswith("CON Welcome to")


def language_ttl(app, redis_client, number: str) -> int:
    return redis_client.ttl(services_of(app).phone_keys.language(number))


def test_the_cached_language_expires_within_a_week(app, client, redis_client):
    phone = Phone(client)
    phone.dial()  # caches the default language read from the database
    assert 0 < language_ttl(app, redis_client, phone.number) <= LANGUAGE_TTL == 7 * 24 * 3600
    phone.press("5", "2")
    assert LANGUAGE_TTL - 60 < language_ttl(app, redis_client, phone.number) <= LANGUAGE_TTL


def test_a_language_chosen_by_sms_is_cached_for_a_week_too(sms_app, redis_client, run_worker):
    post_incoming(sms_app.test_client(), "BAHASA EN")
    run_worker()
    assert LANGUAGE_TTL - 60 < language_ttl(sms_app, redis_client, "+6281234567890") <= LANGUAGE_TTL
