"""Residents' rights on the console (admin only, every step logged): find a person by phone or NIK,
export all that is held, correct a field, erase (applications keep their counts, lose the person)."""

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Application, Resident
from gateway.store.inbox import InboundSms
from gateway.store.messages import OutboundSms
from gateway.store.phones import PhonePreference
from gateway.store.staff import AuditEntry
from tests.support.residents import NIK, apply_by_ussd
from tests.support.sms import post_incoming
from tests.support.staff import post_form, signed_in

OTHER_NIK = "2171011205880002"
PHONE = "+6281234567890"


def find(admin, query: str):
    return post_form(admin, "/staff/rights/find", {"q": query}, "/staff/rights/")


def audit_rows(database, action: str) -> list[AuditEntry]:
    with Session(database) as db:
        return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def exported(admin) -> dict:
    response = post_form(admin, "/staff/rights/subject/export", {"as": "json"}, "/staff/rights/subject")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    return json.loads(response.data)


def test_rights_pages_are_for_admins_only(app):
    desk = signed_in(app)
    assert desk.get("/staff/rights/").status_code == 403
    assert post_form(desk, "/staff/rights/find", {"q": PHONE}).status_code == 403


def test_a_nik_search_is_posted_and_never_reaches_a_url_a_page_or_the_log(sms_app, database):
    code = apply_by_ussd(sms_app)
    admin = signed_in(sms_app, "admin")
    response = find(admin, "3171 0147 0890 0003")
    assert response.status_code == 302 and NIK not in response.headers["Location"]
    page = admin.get(response.headers["Location"]).text
    assert code in page and "3171********0003" in page and NIK not in page
    [row] = audit_rows(database, "rights_find")
    assert NIK not in f"{row.target} {row.detail}" and "by nik" in row.detail


def test_the_export_holds_everything_about_the_person_and_nothing_about_others(sms_app, run_worker, database):
    code = apply_by_ussd(sms_app)
    other = apply_by_ussd(sms_app, "+6289876543210", "7", "Budi Santoso", OTHER_NIK)
    post_incoming(sms_app.test_client(), "INFO", phone=PHONE)
    run_worker()
    admin = signed_in(sms_app, "admin")
    admin.get(f"/staff/applications/{code}")
    find(admin, PHONE)
    data = exported(admin)
    assert [(r["name"], r["nik"], r["phone"]) for r in data["residents"]] == [("Siti Aminah", NIK, PHONE)]
    assert [a["code"] for a in data["applications"]] == [code] and other not in json.dumps(data)
    assert data["applications"][0]["checklist"] and data["applications"][0]["history"][0]["to"] == "diterima"
    assert any(code in m["text"] for m in data["sms_sent"])  # the SMS with the tracking code
    assert [m["keyword"] for m in data["sms_received"]] == ["info"]
    assert data["phone_preferences"][0]["phone"] == PHONE
    assert "view_application" in [e["action"] for e in data["access_log"]]
    assert audit_rows(database, "rights_export")


def test_the_printable_page_shows_it_all_and_is_logged(sms_app, database):
    apply_by_ussd(sms_app)
    admin = signed_in(sms_app, "admin")
    find(admin, NIK)
    page = post_form(admin, "/staff/rights/subject/export", {"as": "print"}, "/staff/rights/subject").text
    assert "Siti Aminah" in page and NIK in page and "Fotokopi" in page
    assert audit_rows(database, "rights_print")


def test_a_correction_changes_the_resident_and_open_applications_and_logs_no_old_values(sms_app, database):
    code = apply_by_ussd(sms_app)
    admin = signed_in(sms_app, "admin")
    find(admin, NIK)
    with Session(database) as db:
        resident_id = db.scalar(select(Resident.id))
    response = post_form(admin, f"/staff/rights/subject/residents/{resident_id}/correct",
                         {"name": "Siti Aminah Putri", "phone": "0812 1111 2222",
                          "why": "KTP dibawa ke loket"},
                         "/staff/rights/subject")
    assert response.status_code == 302
    with Session(database) as db:
        resident = db.get(Resident, resident_id)
        application = db.scalar(select(Application).where(Application.code == code))
        assert (resident.name, resident.phone) == ("Siti Aminah Putri", "+6281211112222")
        assert (application.applicant_name, application.phone) == ("Siti Aminah Putri", "+6281211112222")
    [row] = audit_rows(database, "rights_correct")
    assert row.detail.startswith("fields=name,phone") and "Siti Aminah " not in row.detail
    assert "+6281211112222" in exported(admin)["residents"][0]["phone"]


def test_erasing_keeps_the_counts_and_loses_the_person_everywhere(sms_app, run_worker, database,
                                                                  redis_client):
    code = apply_by_ussd(sms_app)
    other = apply_by_ussd(sms_app, "+6289876543210", "7", "Budi Santoso", OTHER_NIK)
    post_incoming(sms_app.test_client(), "STATUS " + code, phone=PHONE)
    post_incoming(sms_app.test_client(), "BAHASA EN", phone=PHONE)
    run_worker()
    keys = services_of(sms_app).phone_keys
    assert redis_client.exists(keys.language(PHONE))
    admin = signed_in(sms_app, "admin")
    find(admin, NIK)
    response = post_form(admin, "/staff/rights/subject/erase", {"confirm": "yes", "why": "permintaan warga"},
                         "/staff/rights/subject")
    assert response.status_code == 302
    with Session(database) as db:
        resident = db.scalar(select(Resident).where(Resident.erased_at.is_not(None)))
        assert (resident.name, resident.phone, resident.rt_rw, resident.nik_encrypted) == ("", "", "", "")
        assert resident.nik_hash.startswith("erased:")
        mine = db.scalar(select(Application).where(Application.code == code))
        assert (mine.applicant_name, mine.phone, mine.rt_rw, mine.status) == ("", "", "", "dibatalkan")
        assert mine.service_key == "domisili" and mine.anonymised_at is not None
        assert db.scalar(select(func.count()).select_from(Application)) == 2  # the counts stay
        kept = db.scalar(select(Application.applicant_name).where(Application.code == other))
        assert kept == "Budi Santoso"
        assert not db.scalars(select(OutboundSms).where(OutboundSms.phone == PHONE)).all()
        masked = db.scalars(select(OutboundSms).where(OutboundSms.phone.contains("*"))).all()
        assert masked and all(m.text == "" for m in masked)
        assert {m.text for m in db.scalars(select(InboundSms))} == {""}
        assert db.get(PhonePreference, PHONE) is None
    assert not redis_client.exists(keys.language(PHONE))
    assert not find(admin, NIK).headers["Location"].endswith("/login")
    assert "Siti" not in admin.get("/staff/rights/subject").text
    if database.url.get_backend_name() == "sqlite":
        raw = b"".join(Path(database.url.database + s).read_bytes()
                       for s in ("", "-wal") if Path(database.url.database + s).exists())
        assert b"Siti Aminah" not in raw and b"Budi Santoso" in raw


def test_erasing_needs_a_ticked_confirmation_and_a_reason(sms_app, database):
    apply_by_ussd(sms_app)
    admin = signed_in(sms_app, "admin")
    find(admin, PHONE)
    post_form(admin, "/staff/rights/subject/erase", {"why": "permintaan warga"}, "/staff/rights/subject")
    with Session(database) as db:
        assert db.scalar(select(Resident.name)) == "Siti Aminah"
    assert not audit_rows(database, "rights_erase")


def test_a_phone_that_never_applied_still_has_its_messages_found_and_erased(sms_app, run_worker, database):
    post_incoming(sms_app.test_client(), "SYARAT 2", phone="+6285511112222")
    run_worker()
    admin = signed_in(sms_app, "admin")
    find(admin, "085511112222")
    data = exported(admin)
    assert not data["residents"] and data["sms_sent"][0]["text"].startswith("Syarat")
    post_form(admin, "/staff/rights/subject/erase", {"confirm": "yes", "why": "permintaan warga"},
              "/staff/rights/subject")
    with Session(database) as db:
        assert db.scalar(select(OutboundSms.text)) == "" and db.scalar(select(OutboundSms.phone)).count("*")


def test_nothing_held_is_said_plainly(sms_app):
    admin = signed_in(sms_app, "admin")
    find(admin, "081299998888")
    assert "Tidak ada data tersimpan" in admin.get("/staff/rights/subject").text
