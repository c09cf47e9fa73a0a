"""A hop that cannot store what it would promise says sorry and promises nothing: with the database
read-only or its file deleted, the confirming hop shows no tracking code and stores nothing. When
Redis goes away after the database took the application, the code it stored is shown."""

import re
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.errors import StoreUnavailableError
from gateway.services import EXTENSION, services_of
from gateway.store.applications import Application
from gateway.store.messages import MessageStatus
from gateway.store.sessions import SessionStore
from tests.support.databases import migrated_sqlite, read_only
from tests.support.phone import Phone
from tests.support.sms import messages
from tests.support.staff import csrf

NIK = "3171014708900003"
SORRY = "END Maaf, layanan sedang gangguan."


def fill_in_an_application(phone: Phone) -> str:
    """Walk to the confirmation screen; return it."""
    phone.dial()
    return phone.press("2", "1", "Siti Aminah", NIK, "3/7", "1")


def count_applications(database) -> int:
    with Session(database) as session:
        return session.scalar(select(func.count()).select_from(Application))


def test_with_the_database_read_only_the_confirming_hop_says_sorry_and_stores_nothing(
        app_with, database_url, database):
    phone = Phone(app_with(DATABASE_URL=read_only(database_url)).test_client())
    assert "NIK: 3171********0003" in fill_in_an_application(phone)
    end = phone.press("1")
    assert end.startswith(SORRY) and "Kode" not in end
    assert count_applications(database) == 0 and messages(database) == []


def test_with_the_database_file_deleted_the_confirming_hop_says_sorry_and_makes_no_new_file(
        app_with, tmp_path):
    app = app_with(DATABASE_URL=migrated_sqlite(tmp_path / "db"))
    phone = Phone(app.test_client())
    fill_in_an_application(phone)
    (tmp_path / "db" / "sapa.db").unlink()
    end = phone.press("1")
    assert end.startswith(SORRY) and "Kode" not in end
    assert not Path(tmp_path / "db" / "sapa.db").exists()


class SaveFails(SessionStore):
    """Redis answers the hop's read, then is gone before its write (timing a real outage to land
    between the two is not possible in a test)."""

    def save(self, *args, **kwargs):
        raise StoreUnavailableError("connection refused")


def test_when_redis_goes_after_the_database_stored_the_application_its_code_is_shown(app, database):
    phone = Phone(app.test_client())
    fill_in_an_application(phone)
    services = services_of(app)
    app.extensions[EXTENSION] = replace(services, sessions=SaveFails(
        services.redis, services.phone_keys, 300, services.vault))
    end = phone.press("1")
    code = re.search(r"Kode Anda: (\S+)\.", end).group(1)
    with Session(database) as session:
        assert session.scalar(select(Application.code)) == code
    [sms] = messages(database)
    assert sms.status == MessageStatus.QUEUED and code in sms.text  # the sweep queues it


def test_staff_log_in_with_the_database_read_only_is_a_503_not_a_500(app_with, database_url):
    client = app_with(DATABASE_URL=read_only(database_url)).test_client()
    response = client.post("/staff/login", data={"username": "petugas1", "password": "x" * 12,
                                                 "csrf_token": csrf(client)})
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "try again" in response.text
