"""DATA_KEY rotation with no downtime (old and new both read while `flask keys rotate` re-encrypts),
and breach readiness: the access log for a window as CSV, and a draft Pasal 46 notice from it."""

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Resident
from gateway.store.vault import Vault, new_data_key
from tests.support.residents import NIK, apply_by_ussd
from tests.support.staff import post_form, signed_in

OTHER_NIK = "2171011205880002"


def test_a_new_data_key_reads_the_old_nik_while_rotating_then_alone(make_app, environ, database):
    old_key, new_key = environ["DATA_KEY"], new_data_key()
    before = make_app(environ)
    code = apply_by_ussd(before)
    rotating = make_app({**environ, "DATA_KEY": new_key, "DATA_KEY_OLD": old_key})
    admin = signed_in(rotating, "admin")
    assert code in post_form(admin, "/staff/", {"q": NIK}).text  # found under the old key's hash
    page = f"/staff/applications/{code}"
    assert NIK in post_form(admin, f"{page}/reveal", {}, page).text
    apply_by_ussd(rotating, "+6289876543210", "7", "Budi Santoso", OTHER_NIK)  # written under the new key
    runner = rotating.test_cli_runner()
    assert "1 value(s) not yet under DATA_KEY" in runner.invoke(args=["keys", "status"]).output
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "re-encrypted 1, already current 1" in result.output
    assert "re-encrypted 0, already current 2" in runner.invoke(args=["keys", "rotate"]).output  # idempotent
    only_new = Vault(new_key)
    with Session(database) as db:
        residents = db.scalars(select(Resident).order_by(Resident.id)).all()
        assert [only_new.decrypt(r.nik_encrypted) for r in residents] == [NIK, OTHER_NIK]
        assert [r.nik_hash for r in residents] == [only_new.search_hash(NIK), only_new.search_hash(OTHER_NIK)]
    after = make_app({**environ, "DATA_KEY": new_key})  # DATA_KEY_OLD dropped
    desk = signed_in(after, "petugas")
    assert code in post_form(desk, "/staff/", {"q": NIK}).text


def test_an_application_under_the_old_key_is_moved_to_the_new_one_when_the_resident_applies_again(
        make_app, environ, database):
    old_key, new_key = environ["DATA_KEY"], new_data_key()
    apply_by_ussd(make_app(environ))
    apply_by_ussd(make_app({**environ, "DATA_KEY": new_key, "DATA_KEY_OLD": old_key}), service="2")
    with Session(database) as db:
        [resident] = db.scalars(select(Resident)).all()
        assert resident.nik_hash == Vault(new_key).search_hash(NIK)


def test_the_breach_page_exports_the_window_and_drafts_the_notice(sms_app, database):
    code = apply_by_ussd(sms_app)
    desk = signed_in(sms_app)
    desk.get(f"/staff/applications/{code}")
    admin = signed_in(sms_app, "admin")
    window = {"start": "2000-01-01T00:00", "end": "2100-01-01T00:00"}
    page = post_form(admin, "/staff/admin/breach", window, "/staff/admin/breach").text
    assert 'id="affected">1<' in page and "Pasal 46" in page and "petugas1" in page
    assert "Warga terdampak: 1 orang" in page and "dpo-missing" in page
    response = post_form(admin, "/staff/admin/breach", {**window, "csv": "1"}, "/staff/admin/breach")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.mimetype == "text/csv" and set(rows[0]) == {"when", "who", "action", "target", "detail",
                                                                 "address"}
    viewed = [r for r in rows if r["action"] == "view_application"]
    assert (viewed[0]["who"], viewed[0]["target"], viewed[0]["address"]) == ("petugas1", code, "127.0.0.1")
    assert NIK not in response.text and "Siti" not in response.text


def test_the_breach_command_writes_the_csv_and_the_notice_with_the_officer(app_with, tmp_path):
    app = app_with(DPO_NAME="Rina Wulandari", DPO_CONTACT="ppdp@tanjungsari.desa.id")
    code = apply_by_ussd(app)
    signed_in(app).get(f"/staff/applications/{code}")
    result = app.test_cli_runner().invoke(args=["privacy", "breach", "--from", "2000-01-01T00:00",
                                                "--to", "2100-01-01T00:00", "--out", str(tmp_path)])
    assert result.exit_code == 0 and "1 resident(s)" in result.output
    notice = (tmp_path / "notice-200001010000.txt").read_text()
    assert "Rina Wulandari, ppdp@tanjungsari.desa.id" in notice and "Kelurahan Tanjung Sari" in notice
    assert "view_application" in (tmp_path / "access-200001010000.csv").read_text()
    assert services_of(app).settings.section("privacy").dpo_name == "Rina Wulandari"


def test_a_window_that_ends_before_it_starts_is_refused(sms_app):
    admin = signed_in(sms_app, "admin")
    backwards = {"start": "2026-11-02T00:00", "end": "2026-11-01T00:00"}
    response = post_form(admin, "/staff/admin/breach", backwards, "/staff/admin/breach")
    assert response.status_code == 400
