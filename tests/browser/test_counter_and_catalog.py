"""In headless Chromium: a walk-in registered at the counter with its printed receipt, a catalog edit
that the next USSD hop shows, and the staff guide with its screenshots; saves the guide's and the
README's screenshots."""

import itertools
import re

import requests
from playwright.sync_api import expect

from tests.support.staff import PASSWORD, make_staff


def log_in(page, base, username, screenshot=None):
    page.goto(f"{base}/staff/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    if screenshot:
        page.set_viewport_size({"width": 1000, "height": 420})
        page.screenshot(path=str(screenshot))
    page.get_by_role("button", name="Masuk").click()


def test_a_walk_in_is_registered_and_its_receipt_printed(page, app, live_server, screenshots):
    make_staff(app)
    log_in(page, live_server, "petugas1", screenshots / "console-login.png")
    page.get_by_role("link", name="Loket").click()
    page.get_by_role("link", name=re.compile("Surat Keterangan Tidak Mampu")).click()
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Budi Santoso")
    page.get_by_label("Nomor HP warga").fill("0812 3456 7890")
    page.get_by_label("NIK (16 angka)").fill("2171011205880002")
    page.get_by_label("RT/RW (contoh 003/007)").fill("2/5")
    page.get_by_label("Surat pengantar RT/RW").check()
    page.get_by_label("Fotokopi KTP & KK").check()
    page.get_by_label("Warga setuju menerima pengumuman").check()
    page.set_viewport_size({"width": 1000, "height": 760})
    page.screenshot(path=str(screenshots / "counter-walk-in.png"), full_page=True)
    page.get_by_role("button", name="Daftarkan dan kirim SMS").click()
    code = page.locator("#receipt-code").inner_text()
    expect(page.locator(".note")).to_have_text(f"Terdaftar. Kode {code} dikirim ke HP warga lewat SMS.")
    expect(page.locator("#receipt-nik")).to_have_text("2171********0002")
    expect(page.locator("#receipt-received")).to_contain_text("Fotokopi KTP & KK")
    expect(page.locator("#receipt-missing")).to_have_text(re.compile("bermeterai"))
    expect(page.locator(".receipt")).to_contain_text(f"SMS STATUS {code}")
    page.screenshot(path=str(screenshots / "counter-receipt.png"), full_page=True)
    page.emulate_media(media="print")  # what the printer gets: the receipt without the console around it
    expect(page.locator("body > header")).to_be_hidden()
    expect(page.locator(".receipt")).to_be_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name=f"Permohonan {code}").click()
    expect(page.locator("h1 .status")).to_have_text("Diterima")


def test_a_catalog_edit_is_checked_previewed_published_and_the_next_hop_shows_it(page, app, live_server,
                                                                                   screenshots):
    def sktm_screens() -> str:  # a new phone dials in and reads SKTM's three pages
        n = next(sessions)
        hop = {"sessionId": f"browser-{n}", "serviceCode": "*384*123#", "phoneNumber": f"+62812000011{n:02d}"}
        return "\n".join(requests.post(f"{live_server}/ussd", data={**hop, "text": text}, timeout=10).text
                         for text in ("", "1", "1*2", "1*2*98", "1*2*98*98"))

    sessions = itertools.count()
    make_staff(app, "lurah", "admin")
    log_in(page, live_server, "lurah")
    page.get_by_role("link", name="Katalog layanan").click()
    page.locator("#services tr", has_text="sktm").get_by_role("link", name="Ubah").click()
    page.get_by_label("Biaya (Bahasa Indonesia)").fill("Rp 5.000 (bermeterai sendiri)")
    page.get_by_label("Biaya (English)").fill("IDR 5,000 (own duty stamp)")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#problems")).to_have_text(re.compile("Semua pemeriksaan lolos"))
    expect(page.locator(".screens")).to_contain_text("Biaya: Rp 5.000 (bermeterai sendiri)")
    assert "Biaya: Gratis" in sktm_screens()  # saved is not published
    page.set_viewport_size({"width": 1100, "height": 900})
    page.screenshot(path=str(screenshots / "console-catalog.png"))
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator(".note").first).to_contain_text("Versi 2 diterbitkan dan langsung berlaku")
    assert "Biaya: Rp 5.000 (bermeterai sendiri)" in sktm_screens()
    expect(page.locator("#versions")).to_contain_text("sktm: fee")
    expect(page.locator("#serving")).to_have_text("2")


def test_the_guide_shows_every_step_with_its_screenshot(page, app, live_server):
    make_staff(app)
    log_in(page, live_server, "petugas1")
    page.get_by_role("link", name="Panduan").click()
    expect(page.get_by_role("heading", name="Panduan petugas: satu hari di konsol Sapa")).to_be_visible()
    images = page.locator(".guide img")
    expect(images).to_have_count(6)
    for n in range(6):  # each one loaded: it exists and is a picture
        assert images.nth(n).evaluate("img => img.complete && img.naturalWidth > 300")
