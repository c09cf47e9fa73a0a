"""A hop costs at most two Redis round trips; with Redis down the resident still gets a screen."""

import pytest

from devstack.redis_server import EmbeddedRedis
from gateway.services import services_of
from menus.resources import default_texts
from tests.support.phone import Phone
from tests.support.workers import with_live_worker

TEXTS = default_texts()


def count_round_trips(app) -> list[int]:
    """Make every command or pipeline the app's Redis client sends add one to the counter."""
    pool = services_of(app).redis.connection_pool
    pool.reset()  # drop pooled connections so new ones are made from the counting class
    counter = [0]
    base = pool.connection_class

    class Counting(base):
        def send_packed_command(self, command, check_health=True):
            counter[0] += 1
            return super().send_packed_command(command, check_health)

    pool.connection_class = Counting
    return counter


@pytest.mark.parametrize("keys", [(), ("1",), ("1", "4"), ("1", "4", "98"), ("x",), ("2",), ("00",)])
def test_a_hop_costs_at_most_two_redis_round_trips(client, app, keys):
    counter = count_round_trips(app)
    phone = Phone(client)
    phone.dial()
    phone.press(*keys)
    before = counter[0]
    phone.press("0")
    assert 1 <= counter[0] - before <= 2


def test_a_hop_that_sends_an_sms_costs_one_more_round_trip_for_the_phones_sms_limit(client, app):
    counter = count_round_trips(app)
    phone = Phone(client)
    phone.dial()
    phone.press("1", "1")
    before = counter[0]
    assert phone.press("9").startswith("END ")  # Kirim SMS: the process's very first enqueue
    assert counter[0] - before == 3  # load; take an SMS from the phone's limit; save with the job
    assert services_of(app).redis.llen("rq:queue:default") == 1


def test_with_redis_down_the_resident_gets_a_polite_end_and_service_comes_back(app_with):
    server = EmbeddedRedis().start()
    app = app_with(REDIS_URL=server.url)
    phone = Phone(app.test_client())
    try:
        assert phone.dial().startswith("CON Selamat datang")
        server.stop()
        outage = phone.press("1")
        assert outage == f"END {TEXTS('id', 'unavailable')}\n{TEXTS('en', 'unavailable')}"
        assert len(outage) - 4 <= 160
        assert app.test_client().get("/readyz").status_code == 503
        server.start()
        assert phone.dial().startswith("CON Selamat datang")
        assert with_live_worker(app).test_client().get("/readyz").status_code == 200
    finally:
        server.stop()


def test_with_the_database_down_menus_still_work_in_the_default_language(app_with, unreachable_database_url):
    phone = Phone(app_with(DATABASE_URL=unreachable_database_url).test_client())
    assert phone.dial().startswith("CON Selamat datang")
    assert phone.press("1", "1").startswith("CON Syarat Domisili")


def test_the_app_starts_with_redis_down_and_answers_a_polite_end(app_with):
    app = app_with(REDIS_URL="redis://127.0.0.1:1/0")
    assert Phone(app.test_client()).dial().startswith(f"END {TEXTS('id', 'unavailable')}")
