"""Applying by USSD stores an application once, with the NIK encrypted everywhere it rests."""

import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Application, Resident
from gateway.store.vault import Vault
from menus.codes import CODE
from tests.support.phone import Phone
from tests.support.sms import messages

NIK = "3171014708900003"


def apply(phone: Phone, service: str = "1") -> str:
    phone.dial()
    phone.press("2", service, "Siti Aminah", NIK, "3/7", "1")
    return phone.press("1")


def test_applying_stores_the_application_and_queues_the_code_by_sms(sms_app, database, run_worker, stand_in):
    end = apply(Phone(sms_app.test_client()))
    code = re.search(r"Kode Anda: (\S+)\.", end).group(1)
    assert end.startswith("END Terima kasih.") and CODE.match(code)
    with Session(database) as session:
        application = session.scalar(select(Application))
        assert (application.code, application.service_key) == (code, "domisili")
        assert application.status == "diterima"
        assert [i.text_id for i in application.items] == [
            "Surat pengantar RT/RW", "Fotokopi KTP-el", "Fotokopi KK"]
        assert [(h.to_status, h.by) for h in application.history] == [("diterima", "resident")]
        resident = application.resident
        assert resident.name == "Siti Aminah" and resident.rt_rw == "003/007"
        vault = Vault(services_of(sms_app).settings.data_key)
        assert vault.decrypt(resident.nik_encrypted) == NIK and resident.nik_hash == vault.search_hash(NIK)
    run_worker()
    [sms] = stand_in.sent_texts()
    assert f"Kode: {code}" in sms and "STATUS" in sms


def test_no_nik_in_clear_in_any_table_or_redis_value(sms_app, database, redis_client):
    apply(Phone(sms_app.test_client()))
    with database.connect() as connection:
        for table in ("residents", "applications", "sms_messages", "status_changes", "ussd_session_ends"):
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                assert NIK not in " ".join(str(v) for v in row), table
    for key in redis_client.keys("*"):
        value = redis_client.dump(key) or b""
        assert NIK.encode() not in value and b"Siti" not in value, key


def test_the_confirm_hop_sent_twice_creates_one_application(sms_app, database):
    phone = Phone(sms_app.test_client())
    first = apply(phone)
    assert phone.post() == first
    with Session(database) as session:
        assert session.query(Application).count() == 1 and session.query(Resident).count() == 1
    assert len(messages(database)) == 1


def test_the_same_person_applying_twice_is_one_resident(sms_app, database):
    apply(Phone(sms_app.test_client()), "1")
    apply(Phone(sms_app.test_client(), number="+6289876543210"), "2")
    with Session(database) as session:
        assert session.query(Application).count() == 2
        [resident] = session.scalars(select(Resident)).all()
        assert resident.phone == "+6289876543210"


def test_status_by_ussd_shows_this_phones_application(sms_app):
    phone = Phone(sms_app.test_client())
    code = re.search(r"Kode Anda: (\S+)\.", apply(phone)).group(1)
    phone.dial()
    listing = phone.press("3")
    assert f"1. {code} Diterima" in listing
    assert "Layanan: Domisili" in phone.press("1")


def test_a_code_checked_from_another_phone_reveals_no_personal_data(sms_app):
    code = re.search(r"Kode Anda: (\S+)\.", apply(Phone(sms_app.test_client()))).group(1)
    other = Phone(sms_app.test_client(), number="+6281111111111")
    other.dial()
    result = other.press("3", "9", code.lower())
    assert "Status: Diterima" in result and "Siti" not in result and "3171" not in result


def test_a_later_application_under_the_same_nik_does_not_relabel_an_earlier_one(sms_app, database):
    first = Phone(sms_app.test_client())
    first.dial()
    first.press("2", "1", "Siti Aminah", NIK, "3/7", "1")
    first.press("1")
    second = Phone(sms_app.test_client(), number="+6289876543210")
    second.dial()
    second.press("2", "2", "Budi Santoso", NIK, "4/7", "1")
    second.press("1")
    with Session(database) as session:
        names = [(a.service_key, a.applicant_name, a.rt_rw) for a in session.scalars(
            select(Application).order_by(Application.id))]
    assert names == [("domisili", "Siti Aminah", "003/007"), ("sktm", "Budi Santoso", "004/007")]


def test_a_nik_typed_in_full_width_digits_is_stored_and_found_as_ascii(sms_app, database):
    wide = NIK.translate(str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10))))
    phone = Phone(sms_app.test_client())
    phone.dial()
    phone.press("2", "1", "Siti Aminah", wide, "3/7", "1")
    assert phone.press("1").startswith("END Terima kasih.")
    vault = Vault(services_of(sms_app).settings.data_key)
    with Session(database) as session:
        resident = session.scalar(select(Resident))
        assert vault.decrypt(resident.nik_encrypted) == NIK and resident.nik_hash == vault.search_hash(NIK)
