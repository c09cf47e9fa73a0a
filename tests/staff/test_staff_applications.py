"""The desk's work: find an application, tick its checklist, move it along, and notify by SMS."""

import re
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.applications import Application, ChecklistItem
from gateway.store.staff import AuditEntry
from tests.support.phone import Phone
from tests.support.staff import post_form, signed_in

NIK = "3171014708900003"
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))


def apply_by_ussd(app, service: str = "1", number: str = "+6281234567890") -> str:
    phone = Phone(app.test_client(), number=number)
    phone.dial()
    phone.press("2", service, "Siti Aminah", NIK, "3/7", "1")
    return re.search(r"Kode Anda: (\S+)\.", phone.press("1")).group(1)


def items(database, code):
    with Session(database) as db:
        application = db.scalar(select(Application).where(Application.code == code))
        return {i.position: i.id for i in application.items}


def test_resident_applies_staff_mark_incomplete_then_verified_and_both_sms_arrive_in_order(
        sms_app, database, run_worker, stand_in):
    code = apply_by_ussd(sms_app, "1")  # Domisili: pengantar RT/RW, KTP-el, KK
    run_worker()
    desk = signed_in(sms_app)
    page = f"/staff/applications/{code}"
    ids = items(database, code)
    post_form(desk, f"{page}/checklist", {f"item-{ids[1]}": "checked", f"item-{ids[2]}": "missing",
                                          f"item-{ids[3]}": "missing"}, page)
    assert "Tersimpan." in desk.get(page).text
    post_form(desk, f"{page}/status", {"to": "kurang_berkas"}, page)
    run_worker()  # sent before the next move: a notice still waiting then would be withdrawn
    post_form(desk, f"{page}/checklist", {f"item-{i}": "checked" for i in ids.values()}, page)
    post_form(desk, f"{page}/status", {"to": "lengkap"}, page)
    run_worker()
    applied, incomplete, verified = stand_in.sent_texts()
    assert f"Kode: {code}" in applied
    assert incomplete.startswith(
        f"Berkas Domisili ({code}) belum lengkap. Kurang: Fotokopi KTP-el; Fotokopi KK.")
    assert "Surat pengantar" not in incomplete
    assert verified.startswith(f"Berkas Domisili ({code}) sudah lengkap")
    with Session(database) as db:
        application = db.scalar(select(Application).where(Application.code == code))
        assert [(h.to_status, h.by) for h in application.history] == [
            ("diterima", "resident"), ("kurang_berkas", "petugas1"), ("lengkap", "petugas1")]


def test_incomplete_needs_a_document_ticked_missing(sms_app, database):
    code = apply_by_ussd(sms_app)
    desk = signed_in(sms_app)
    page = f"/staff/applications/{code}"
    response = post_form(desk, f"{page}/status", {"to": "kurang_berkas"}, page)
    assert "Centang dulu" in desk.get(response.headers["Location"]).text
    with Session(database) as db:
        assert db.scalar(select(Application.status)) == "diterima"


def test_ready_needs_a_date_and_names_it_in_the_sms(sms_app, database, run_worker, stand_in):
    code = apply_by_ussd(sms_app)
    desk = signed_in(sms_app)
    page = f"/staff/applications/{code}"
    post_form(desk, f"{page}/status", {"to": "lengkap"}, page)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    post_form(desk, f"{page}/status", {"to": "siap_diambil", "ready_on": yesterday}, page)
    with Session(database) as db:
        assert db.scalar(select(Application.status)) == "lengkap"
    ready = date.today() + timedelta(days=2)
    post_form(desk, f"{page}/status", {"to": "siap_diambil", "ready_on": ready.isoformat()}, page)
    run_worker()
    assert f"siap diambil mulai {ready:%d-%m-%Y}" in stand_in.sent_texts()[-1]


def test_a_move_the_life_cycle_forbids_is_refused(sms_app, database):
    code = apply_by_ussd(sms_app)
    desk = signed_in(sms_app)
    page = f"/staff/applications/{code}"
    post_form(desk, f"{page}/status", {"to": "selesai"}, page)
    with Session(database) as db:
        assert db.scalar(select(Application.status)) == "diterima"


def test_queue_filters_and_search_by_code_phone_and_nik(sms_app):
    code = apply_by_ussd(sms_app, "1")
    other = apply_by_ussd(sms_app, "2", number="+6289999999999")
    desk = signed_in(sms_app)
    assert code in desk.get("/staff/?service=domisili").text and other not in desk.get(
        "/staff/?service=domisili").text
    assert other in post_form(desk, "/staff/", {"q": other.lower()}).text
    by_phone = post_form(desk, "/staff/", {"q": "0899-9999-9999"}).text
    assert other in by_phone and code not in by_phone
    by_nik = post_form(desk, "/staff/", {"q": NIK})
    assert code in by_nik.text and other in by_nik.text
    assert NIK not in by_nik.text and "3171********0003" in by_nik.text  # the search box is masked
    assert "+6289999999999" not in by_nik.text  # phones are masked in the list
    wide = post_form(desk, "/staff/", {"q": NIK.translate(FULL_WIDTH)}).text  # typed on a phone keyboard
    assert code in wide and other in wide


def test_the_nik_is_masked_and_only_an_admin_can_reveal_it_which_is_logged(sms_app, database):
    code = apply_by_ussd(sms_app)
    page = f"/staff/applications/{code}"
    desk = signed_in(sms_app)
    assert NIK not in desk.get(page).text and "3171********0003" in desk.get(page).text
    assert post_form(desk, f"{page}/reveal", {}, page).status_code == 403
    admin = signed_in(sms_app, "admin")
    revealed = post_form(admin, f"{page}/reveal", {}, page)
    assert NIK in revealed.text
    with Session(database) as db:
        entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "reveal_nik")).all()
        assert [(e.staff, e.target) for e in entries] == [("admin1", code)]
        assert all(NIK not in f"{e.target} {e.detail}" for e in db.scalars(select(AuditEntry)))


def test_every_view_of_personal_data_is_audit_logged(sms_app, database):
    code = apply_by_ussd(sms_app)
    desk = signed_in(sms_app)
    desk.get("/staff/")
    desk.get(f"/staff/applications/{code}")
    desk.get("/staff/messages")
    with Session(database) as db:
        actions = [e.action for e in db.scalars(select(AuditEntry).where(AuditEntry.staff == "petugas1"))]
    assert actions == ["login_ok", "view_queue", "view_application", "view_messages"]


def test_checklist_items_are_a_copy_of_the_catalog_at_application_time(sms_app, database):
    code = apply_by_ussd(sms_app, "7")
    with Session(database) as db:
        texts = db.scalars(select(ChecklistItem.text_id).order_by(ChecklistItem.position)).all()
    assert texts[0] == "Surat pengantar RT/RW" and len(texts) == 7 and code
