"""A real RQ worker stores the phone's language, so it survives Redis losing its data."""

import pytest
from rq import Queue, SimpleWorker
from sqlalchemy.orm import Session

from gateway.models import PhonePreference
from tests.ussd_phone import Phone
from workers import runtime


@pytest.fixture
def worker_env(monkeypatch, environ):
    """Give jobs the same environment as the app under test."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    runtime.settings.cache_clear()
    runtime.database.cache_clear()
    yield
    runtime.database().dispose()
    runtime.settings.cache_clear()
    runtime.database.cache_clear()


def run_worker(redis_client) -> None:
    SimpleWorker([Queue("default", connection=redis_client)], connection=redis_client).work(burst=True)


def test_the_chosen_language_is_stored_by_the_worker_and_outlives_redis(client, redis_client, database,
                                                                        worker_env):
    phone = Phone(client)
    phone.dial()
    phone.press("3", "2")
    run_worker(redis_client)
    with Session(database) as session:
        assert session.get(PhonePreference, phone.number).language == "en"
    redis_client.flushdb()  # Redis restarted without persistence
    assert phone.dial().startswith("CON Welcome to")


def test_choosing_again_updates_the_same_row(client, redis_client, database, worker_env):
    phone = Phone(client)
    for choice in ("2", "1"):
        phone.dial()
        phone.press("3", choice)
        run_worker(redis_client)
    with Session(database) as session:
        assert session.get(PhonePreference, phone.number).language == "id"
        assert session.query(PhonePreference).count() == 1
