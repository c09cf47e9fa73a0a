"""Exports: the queue as filtered and the month's summary, as CSV and XLSX; no NIK in any of them,
the queue's for admins only, and every export written to the access log."""

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.staff import AuditEntry
from tests.support.applications import add_application
from tests.support.staff import post_form, signed_in

NIK = "3171014708900003"


def fill(app, database) -> None:
    vault, now = services_of(app).vault, datetime.now(UTC)
    with Session(database) as db, db.begin():
        add_application(db, vault, 1, "domisili", "diterima", now - timedelta(hours=1), nik=NIK)
        add_application(db, vault, 2, "sktm", "lengkap", now - timedelta(hours=2))
        add_application(db, vault, 3, "sktm", "diterima", now - timedelta(hours=3))


def cells(body: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def unpacked(body: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return b"".join(book.read(name) for name in book.namelist())


def exports(database) -> list[tuple[str, str]]:
    with Session(database) as db:
        return [(e.action, e.detail) for e in db.scalars(select(AuditEntry).where(
            AuditEntry.action.like("export_%")).order_by(AuditEntry.id))]


def test_the_queue_exports_as_filtered_without_nik_as_csv_and_xlsx(app, database):
    fill(app, database)
    admin = signed_in(app, "admin")
    response = post_form(admin, "/staff/export", {"format": "csv", "status": "diterima"})
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kode", "Layanan", "Nama"]
    assert sorted(r[0] for r in rows[1:]) == ["T00001", "T00003"]  # the filter held: not T00002
    assert rows[1][3] == "+628******001" and rows[1][5] == "Diterima"
    assert NIK.encode() not in response.data
    xlsx = post_form(admin, "/staff/export", {"format": "xlsx", "service": "sktm"})
    assert xlsx.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    table = cells(xlsx.data)
    assert [r[0] for r in table[1:]] == ["T00002", "T00003"]
    assert NIK.encode() not in xlsx.data and NIK.encode() not in unpacked(xlsx.data)
    assert exports(database) == [("export_queue", "status=diterima service= search=no csv rows=2"),
                                 ("export_queue", "status= service=sktm search=no xlsx rows=2")]


def test_a_search_by_nik_exports_its_rows_but_never_the_nik(app, database):
    fill(app, database)
    admin = signed_in(app, "admin")
    response = post_form(admin, "/staff/export", {"format": "csv", "q": NIK})
    assert "T00001" in response.data.decode() and NIK.encode() not in response.data
    assert exports(database)[-1][1] == "status= service= search=yes csv rows=1"  # nor in the log


def test_the_months_summary_exports_as_csv_and_xlsx_and_is_logged(app, database):
    fill(app, database)
    desk = signed_in(app, "petugas")
    month = datetime.now(UTC).strftime("%Y-%m")
    body = desk.get(f"/staff/summary/export?month={month}&format=csv").data.decode("utf-8-sig")
    assert "Baru bulan ini,3" in body.replace("\r", "") and NIK not in body
    table = cells(desk.get(f"/staff/summary/export?month={month}&format=xlsx").data)
    assert table[0] == ["Bagian", "Isi", "Jumlah"]
    assert ["Permohonan menurut status (saat ini)", "Diterima", 2] in table
    assert [action for action, _ in exports(database)] == ["export_summary", "export_summary"]


def test_exports_refuse_what_they_do_not_know_and_the_queue_is_an_admins(app, database):
    fill(app, database)
    desk = signed_in(app, "petugas")
    assert desk.get("/staff/summary/export?format=pdf").status_code == 400
    assert post_form(desk, "/staff/export", {"format": "csv"}).status_code == 403
    assert "export-queue" not in desk.get("/staff/").text
    assert exports(database) == []
