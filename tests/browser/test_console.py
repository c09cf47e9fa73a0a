"""The staff console in headless Chromium, as a petugas and an admin use it; saves README screenshots."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.phones import PhonePreference
from tests.support.phone import Phone
from tests.support.sms import post_incoming
from tests.support.staff import PASSWORD, make_staff
from workers.worker import SapaSimpleWorker, make_worker

NIK = "3171014708900003"
WIB = ZoneInfo("Asia/Jakarta")


def apply_by_ussd(app, number="+6281234567890", service="1", name="Siti Aminah", nik=NIK) -> str:
    phone = Phone(app.test_client(), number=number)
    phone.dial()
    phone.press("2", service, name, nik, "3/7", "1")
    return re.search(r"Kode Anda: (\S+)\.", phone.press("1")).group(1)


def run_answers(app) -> None:
    """Answer the SMS received, as the worker does (the console provider only prints)."""
    make_worker(services_of(app), SapaSimpleWorker).work(burst=True)


def log_in(page, base, username):
    page.goto(f"{base}/staff/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_five_wrong_passwords_lock_the_account_and_the_admin_sees_it(page, app, live_server):
    make_staff(app)
    make_staff(app, "lurah", "admin")
    page.goto(f"{live_server}/staff/login")
    for _ in range(5):
        page.get_by_label("Nama pengguna").fill("petugas1")
        page.get_by_label("Kata sandi").fill("not the password")
        page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Tidak bisa masuk")
    log_in(page, live_server, "petugas1")  # the right password, but locked: the same answer
    expect(page.get_by_role("alert")).to_contain_text("Tidak bisa masuk")
    log_in(page, live_server, "lurah")
    page.get_by_role("link", name="Petugas").click()
    locked = page.locator("tr", has_text="petugas1")
    lifted = datetime.now(UTC).astimezone(WIB) + timedelta(minutes=15)  # shown in WIB, as every time
    expect(locked).to_contain_text(f"{lifted:%d-%m-%Y}")
    expect(locked).not_to_contain_text("UTC")
    page.locator("tr", has_text="petugas1").get_by_role("button", name="Buka kunci").click()
    page.get_by_role("button", name="Keluar").click()
    log_in(page, live_server, "petugas1")
    expect(page.get_by_role("heading", name="Antrian permohonan")).to_be_visible()


def test_logging_out_ends_the_session_even_for_a_copied_cookie(page, browser, app, live_server):
    make_staff(app)
    log_in(page, live_server, "petugas1")
    cookies = page.context.cookies()
    page.get_by_role("button", name="Keluar").click()
    thief = browser.new_context()
    thief.add_cookies(cookies)
    other = thief.new_page()
    other.goto(f"{live_server}/staff/")
    expect(other.get_by_role("heading", name="Masuk")).to_be_visible()
    thief.close()


def test_an_admin_answers_a_residents_data_request_from_sms(page, app, live_server):
    code = apply_by_ussd(app)
    post_incoming(app.test_client(), "DATA")
    run_answers(app)
    make_staff(app, "lurah", "admin")
    log_in(page, live_server, "lurah")
    expect(page.locator("#data-requests")).to_contain_text("1")
    page.get_by_role("link", name=re.compile("Hak warga")).click()
    page.get_by_label("Nomor HP atau NIK").fill(NIK)
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("body")).to_contain_text(code)
    expect(page.locator("body")).not_to_contain_text(NIK)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh semua (JSON)").click()
    assert NIK in download.value.path().read_text()
    page.get_by_role("link", name=re.compile("Hak warga")).click()
    page.get_by_placeholder("Cara menjawab").fill("data diserahkan di loket")
    page.get_by_role("button", name="Tandai dijawab").click()
    expect(page.locator("#requests")).to_contain_text("data diserahkan di loket")
    expect(page.locator("#open-requests")).to_have_count(0)


def test_a_petugas_works_an_application_through_the_checklist(page, app, live_server, screenshots):
    code = apply_by_ussd(app)
    apply_by_ussd(app, number="+6289876543210", service="7", name="Budi Santoso", nik="2171011205880002")
    make_staff(app)
    log_in(page, live_server, "petugas1")
    expect(page.get_by_role("heading", name="Antrian permohonan")).to_be_visible()
    expect(page.locator("table")).to_contain_text(code)
    expect(page.locator("body")).not_to_contain_text(NIK)
    page.set_viewport_size({"width": 1000, "height": 520})
    page.screenshot(path=str(screenshots / "console-queue.png"))
    page.get_by_role("link", name=code).click()
    expect(page.locator("#nik")).to_have_text("3171********0003")
    page.locator("tr", has_text="Surat pengantar RT/RW").get_by_label("Ada").check()
    page.locator("tr", has_text="Fotokopi KTP-el").get_by_label("Ada").check()
    page.locator("tr", has_text="Fotokopi KK").get_by_label("Kurang").check()
    # No "Simpan centang" first: the ticks go with the move, and the notice names what is missing.
    page.get_by_role("button", name=re.compile("Kurang berkas")).click()
    expect(page.locator(".note")).to_have_text("Status diubah dan SMS diantrikan.")
    expect(page.locator("h1 .status")).to_have_text("Kurang berkas")
    expect(page.locator("tr", has_text="Fotokopi KK").get_by_label("Kurang")).to_be_checked()
    page.set_viewport_size({"width": 1000, "height": 900})
    page.screenshot(path=str(screenshots / "console-application.png"), full_page=True)
    page.get_by_role("link", name="Pesan SMS").click()
    notice = page.locator("tr", has_text="pemberitahuan")
    expect(notice).to_contain_text(f"Berkas Domisili ({code}) belum lengkap. Kurang: Fotokopi KK.")
    expect(notice).to_contain_text("menunggu kirim")


def test_a_broadcast_is_previewed_with_its_cost_then_sent(page, app, live_server, database, screenshots):
    with Session(database) as db, db.begin():
        for n in range(3):
            db.add(PhonePreference(phone=f"+62812000000{n}", language="id", broadcasts=n != 2))
    make_staff(app)
    log_in(page, live_server, "petugas1")
    page.get_by_role("link", name="Pengumuman").click()
    page.get_by_label("Siaran ke warga yang setuju menerima").check()
    page.get_by_label("Isi pesan").fill("Kerja bakti hari Minggu pukul 07.00 di balai RW 007.")
    page.get_by_role("button", name="Pratinjau").click()
    expect(page.locator("#recipients")).to_have_text("2")
    expect(page.locator("#segments")).to_have_text("1")
    expect(page.locator("#cost")).to_have_text("Rp 700")
    page.screenshot(path=str(screenshots / "console-broadcast.png"), full_page=True)
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator(".note")).to_have_text("Pesan diantrikan: 2")


def test_an_admin_reveals_a_nik_and_the_reveal_is_in_the_access_log(page, app, live_server):
    code = apply_by_ussd(app)
    make_staff(app, "lurah", "admin")
    log_in(page, live_server, "lurah")
    page.goto(f"{live_server}/staff/applications/{code}")
    page.get_by_role("button", name="Tampilkan NIK (dicatat)").click()
    expect(page.locator("#nik")).to_have_text(NIK)
    page.get_by_role("link", name="Catatan akses").click()
    row = page.locator("tr", has_text="membuka NIK")  # the code reveal_nik, in words
    expect(row).to_contain_text("lurah")
    expect(row).to_contain_text(code)
    expect(page.locator("body")).not_to_contain_text(NIK)
