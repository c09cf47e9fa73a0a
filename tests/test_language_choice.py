"""A real RQ worker stores the phone's language, so it survives Redis losing its data."""

from sqlalchemy.orm import Session

from gateway.models import PhonePreference
from tests.ussd_phone import Phone


def test_the_chosen_language_is_stored_by_the_worker_and_outlives_redis(sms_app, redis_client, database,
                                                                        run_worker):
    phone = Phone(sms_app.test_client())
    phone.dial()
    phone.press("5", "2")
    run_worker()
    with Session(database) as session:
        assert session.get(PhonePreference, phone.number).language == "en"
    redis_client.flushdb()  # Redis restarted without persistence
    assert phone.dial().startswith("CON Welcome to")


def test_choosing_again_updates_the_same_row(sms_app, database, run_worker):
    phone = Phone(sms_app.test_client())
    for choice in ("2", "1"):
        phone.dial()
        phone.press("5", choice)
        run_worker()
    with Session(database) as session:
        assert session.get(PhonePreference, phone.number).language == "id"
        assert session.query(PhonePreference).count() == 1
