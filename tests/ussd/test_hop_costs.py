"""Menu navigation never asks the database: the phones' chosen languages are mirrored in Redis, so
even the first hop of a phone that never chose one runs no SQL, and a language chosen by USSD or by
SMS is still the one used on the next dial."""

import pytest
from flask import request

from gateway.services import services_of
from gateway.store.phones import LANGUAGE_TTL, MIRRORED, mirror_languages
from tests.support.counting import count_round_trips, record_statements
from tests.support.phone import Phone
from tests.support.sms import post_incoming

NAVIGATION = [(), ("1",), ("1", "2"), ("1", "7", "98"), ("1", "7", "98", "0"), ("1", "x"), ("1", "00"),
              ("4",), ("5",), ("2",), ("2", "1"), ("2", "1", "Siti Aminah"), ("0",)]


def mirror(app) -> int | None:
    services = services_of(app)
    return mirror_languages(services.database, services.redis, services.phone_keys)


@pytest.mark.parametrize("keys", NAVIGATION)
def test_menu_navigation_runs_no_sql_once_the_languages_are_mirrored(app, client, keys):
    mirror(app)
    statements = record_statements(app)
    phone = Phone(client, number="+6281100001111")  # has never chosen a language
    phone.dial()
    phone.press(*keys)
    assert statements == []


def test_the_first_hop_of_a_new_phone_costs_two_redis_round_trips_and_no_sql(app, client):
    mirror(app)
    counter, statements = count_round_trips(app), record_statements(app)
    Phone(client, number="+6289900000000").dial()  # opens the pooled connection (its handshake counts)
    before = counter[0]
    assert Phone(client).dial().startswith("CON Selamat datang")
    assert counter[0] - before == 2 and statements == []


def test_without_the_mirror_a_new_phone_is_looked_up_once_then_cached(app, client):
    statements = record_statements(app)
    phone = Phone(client)
    phone.dial()
    phone.press("1")
    phone.dial()
    assert len([s for s in statements if "phone_preferences" in s]) == 1


def test_a_language_chosen_by_ussd_is_used_on_the_next_dial_without_sql(app, client):
    mirror(app)
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2")
    statements = record_statements(app)
    assert phone.dial().startswith("CON Welcome to")
    assert statements == []


def test_a_language_chosen_by_sms_is_used_on_the_next_dial_without_sql(sms_app, run_worker):
    run_worker()  # its maintenance mirrors the languages (none chosen yet)
    assert services_of(sms_app).redis.exists(MIRRORED)
    post_incoming(sms_app.test_client(), "BAHASA EN", phone="+6281234567890")
    run_worker()
    statements = record_statements(sms_app)
    assert Phone(sms_app.test_client(), number="+6281234567890").dial().startswith("CON Welcome to")
    assert statements == []


def test_the_mirror_copies_back_what_redis_lost(app, client, redis_client):
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2")
    Phone(client, number="+6289900000000").dial()  # never chose: nothing to copy
    redis_client.flushdb()  # Redis restarted without persistence
    assert mirror(app) == 1
    assert mirror(app) is None  # marked complete: nothing more to do
    statements = record_statements(app)
    assert phone.dial().startswith("CON Welcome to")
    assert Phone(client, number="+6289900000000").dial().startswith("CON Selamat datang")
    assert statements == []


def test_the_mark_expires_before_any_copy_it_vouches_for(app, client, redis_client):
    phone = Phone(client)
    phone.dial()
    phone.press("5", "2")
    redis_client.flushdb()
    mirror(app)
    copy = redis_client.ttl(services_of(app).phone_keys.language(phone.number))
    assert 0 < redis_client.ttl(MIRRORED) < copy <= LANGUAGE_TTL


@pytest.mark.parametrize(("path", "opened"), [("/ussd", False), ("/sms/incoming", False),
                                               ("/healthz", False), ("/staff/login", True)])
def test_only_console_pages_open_the_cookie_session(app, path, opened):
    with app.test_request_context(path):
        session = app.session_interface.open_session(app, request)
        assert app.session_interface.is_null_session(session) is not opened
