"""A resident who comes to the counter is registered by staff: the same application, code, limits,
SMS and notices as applying by USSD, the documents seen ticked, and a receipt to print."""

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.store.applications import Application
from gateway.store.staff import AuditEntry
from menus.codes import CODE
from tests.support.phone import Phone
from tests.support.staff import csrf, signed_in

NIK = "3171014708900003"
WALK_IN = {"name": "Siti  Aminah", "phone": "0812-3456-7890", "nik": "3171 0147 0890 0003", "rt_rw": "3/7",
           "consent": "yes", "brought": ["1", "3"]}


def register(client, service="domisili", **changes):
    page = f"/staff/counter/{service}"
    form = client.get(page).text
    form_id = re.search(r'name="form_id" value="([^"]+)"', form).group(1)
    data = {**WALK_IN, **changes, "form_id": form_id, "csrf_token": csrf(client, page)}
    return client.post(page, data=data)


def applications(database) -> list[Application]:
    with Session(database) as db:
        return list(db.scalars(select(Application).order_by(Application.id)))


def test_a_walk_in_is_an_application_like_any_other_with_its_code_by_sms(sms_app, database, run_worker,
                                                                           stand_in):
    desk = signed_in(sms_app)
    response = register(desk)
    assert response.status_code == 302 and "/staff/counter/receipt/" in response.headers["Location"]
    with Session(database) as db:
        application = db.scalar(select(Application))
        assert CODE.match(application.code) and application.channel == "counter"
        assert (application.applicant_name, application.phone, application.rt_rw) == (
            "Siti Aminah", "+6281234567890", "003/007")
        assert [(h.to_status, h.by, h.reason) for h in application.history] == [
            ("diterima", "petugas1", "counter")]
        assert [(i.position, i.checked) for i in application.items] == [(1, True), (2, False), (3, True)]
        code = application.code
    run_worker()
    [sms] = stand_in.sent_texts()
    assert sms.startswith("Permohonan Surat Keterangan Domisili terdaftar di kantor. Kode: " + code)
    with Session(database) as db:
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "walk_in"))
        assert (entry.staff, entry.target) == ("petugas1", code)
        assert entry.detail == "service=domisili documents=2/3"


def test_a_walk_in_gets_the_same_notices_and_its_status_by_ussd(sms_app, database, run_worker, stand_in):
    desk = signed_in(sms_app)
    register(desk)
    code = applications(database)[0].code
    page = f"/staff/applications/{code}"
    desk.post(f"{page}/status", data={"to": "lengkap", "csrf_token": csrf(desk, page)})
    run_worker()
    assert stand_in.sent_texts()[-1].startswith(f"Berkas Domisili ({code}) sudah lengkap")
    phone = Phone(sms_app.test_client())
    phone.dial()
    assert code in phone.press("3")


@pytest.mark.parametrize(("field", "value", "says"), [
    ("nik", "3171014708900000", "Nomor urut NIK salah."),
    ("nik", "1234", "NIK harus 16 angka."),
    ("name", "S1ti", "Nama belum benar."),
    ("phone", "12", "Nomor HP tidak valid."),
    ("rt_rw", "abc", "Contoh RT/RW: 003/007"),
])
def test_a_wrong_field_is_named_and_nothing_is_stored(app, database, field, value, says):
    response = register(signed_in(app), **{field: value})
    assert response.status_code == 400 and says in response.text
    assert applications(database) == []


def test_the_open_application_limit_holds_at_the_counter_too(app, database):
    phone = Phone(app.test_client())
    phone.dial()
    phone.press("2", "1", "Siti Aminah", NIK, "3/7", "1", "1")  # already applied by USSD for domisili
    desk = signed_in(app)
    response = register(desk)
    assert response.status_code == 409
    assert "sudah punya permohonan Domisili yang masih berjalan" in response.text
    assert register(desk, service="sktm").status_code == 302  # another service is another application
    assert len(applications(database)) == 2


def test_the_same_form_sent_twice_registers_once(app, database):
    desk = signed_in(app)
    page = "/staff/counter/domisili"
    form_id = re.search(r'name="form_id" value="([^"]+)"', desk.get(page).text).group(1)
    data = {**WALK_IN, "form_id": form_id, "csrf_token": csrf(desk, page)}
    first, second = desk.post(page, data=data), desk.post(page, data=data)
    assert first.headers["Location"] == second.headers["Location"]
    with Session(database) as db:
        assert db.scalar(select(func.count()).select_from(Application)) == 1


def test_the_receipt_shows_the_code_documents_and_how_to_ask_never_the_nik(app, database):
    desk = signed_in(app)
    receipt = desk.get(register(desk).headers["Location"]).text
    code = applications(database)[0].code
    assert "TANDA TERIMA PERMOHONAN" in receipt and code in receipt and "Kelurahan Tanjung Sari" in receipt
    received = re.search(r'id="receipt-received">(.*?)</ul>', receipt, re.S).group(1)
    missing = re.search(r'id="receipt-missing">(.*?)</ul>', receipt, re.S).group(1)
    assert "Surat pengantar RT/RW" in received and "Fotokopi KK" in received and "Fotokopi KTP-el" in missing
    assert f"SMS STATUS {code}" in receipt and "*384*123#" in receipt and "1 hari kerja" in receipt
    assert "3171********0003" in receipt and NIK not in receipt and "+6281234567890" not in receipt
    with Session(database) as db:
        assert db.scalar(select(AuditEntry.target).where(AuditEntry.action == "view_receipt")) == code


def test_the_counter_needs_a_signed_in_member(client):
    assert client.get("/staff/counter/").status_code == 302
    assert client.get("/staff/counter/domisili").headers["Location"].startswith("/staff/login")
