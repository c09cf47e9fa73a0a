"""The lurah's pages in headless Chromium: the summary with its charts (the first page after log-in),
the monthly report as it prints, and the exports downloaded and opened (XLSX with openpyxl, CSV)."""

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from gateway.services import services_of
from tests.support.applications import add_application, add_session_end, add_sms
from tests.support.staff import PASSWORD, make_staff

NIK = "3171014708900003"
WIB = ZoneInfo("Asia/Jakarta")


def fill(app, database) -> None:
    vault, now = services_of(app).vault, datetime.now(UTC)
    services = ["domisili", "sktm", "sku", "kelahiran"]
    statuses = ["diterima", "diperiksa", "kurang_berkas", "lengkap", "siap_diambil", "selesai"]
    with Session(database) as db, db.begin():
        for n in range(1, 41):
            add_application(db, vault, n, services[n % 4], statuses[n % 6], now - timedelta(hours=9 * n),
                            nik=NIK if n == 1 else None)
        for n in range(30):
            add_sms(db, n, ["sent", "delivered", "failed"][n % 3], now - timedelta(hours=n),
                    cost="IDR 350.0000" if n % 3 else "")
        for n in range(25):
            status = "Success" if n % 3 == 0 else "Incomplete"
            add_session_end(db, n, status, 1 + n % 5, now - timedelta(hours=n))


def log_in(page, base, username):
    page.goto(f"{base}/staff/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_the_lurah_lands_on_the_summary_and_its_charts_print(page, app, database, live_server, screenshots):
    fill(app, database)
    make_staff(app, "lurah", "admin")
    log_in(page, live_server, "lurah")
    expect(page.get_by_role("heading", name="Ringkasan")).to_be_visible()
    expect(page.locator("#new-month")).not_to_have_text("0")
    for chart in ("chart-status", "chart-service", "chart-weeks", "chart-sms", "chart-drop-offs"):
        expect(page.locator(f"#{chart} svg")).to_be_visible()
    expect(page.locator('#chart-status g[data-label="Diterima"]')).to_have_attribute("data-value", "6")
    bar = page.locator('#chart-status g[data-label="Diterima"] rect').bounding_box()
    assert bar["width"] > 20  # drawn, not an empty frame
    page.set_viewport_size({"width": 1100, "height": 900})
    page.screenshot(path=str(screenshots / "console-summary.png"), full_page=True)
    page.get_by_role("link", name="Laporan bulanan (cetak)").click()
    page.emulate_media(media="print")
    expect(page.locator("header nav")).to_be_hidden()  # the console's menu stays off the paper
    expect(page.locator(".report-head")).to_be_visible()
    expect(page.locator("#chart-drop-offs svg")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def saved(download, folder):
    """The downloaded file under the name the server gave it (openpyxl goes by the extension)."""
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def test_exports_download_and_open_without_nik(page, app, database, live_server, tmp_path):
    fill(app, database)
    make_staff(app, "lurah", "admin")
    log_in(page, live_server, "lurah")
    with page.expect_download() as download:
        page.locator("#export-summary-xlsx").click()
    path = saved(download.value, tmp_path)
    assert path.name == f"sapa-ringkasan-{datetime.now(UTC).astimezone(WIB):%Y-%m}.xlsx"
    sheet = load_workbook(path, read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Bagian", "Isi", "Jumlah"]
    assert ["Permohonan menurut status (saat ini)", "Diterima", 6] in rows
    page.get_by_role("link", name="Antrian permohonan").click()
    page.get_by_label("Layanan").select_option(label="SKTM")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#page-info")).to_contain_text("10 permohonan")
    with page.expect_download() as download:
        page.locator("#export-queue").get_by_role("button", name="XLSX").click()
    sheet = load_workbook(saved(download.value, tmp_path), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Kode", "Layanan"] and len(rows) == 11 and {r[1] for r in rows[1:]} == {"SKTM"}
    with page.expect_download() as download:
        page.locator("#export-queue").get_by_role("button", name="CSV").click()
    path = saved(download.value, tmp_path)
    assert path.suffix == ".csv"
    text = path.read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 11 and NIK not in text
    page.get_by_role("link", name="Catatan akses").click()
    expect(page.locator("table")).to_contain_text("mengekspor antrian")
    expect(page.locator("table")).to_contain_text("mengekspor ringkasan bulanan")
