"""No NIK in clear in the database file, the logs, or a console page without the reveal action."""

import logging
import re
from pathlib import Path

from tests.support.phone import Phone
from tests.support.staff import log_in, make_staff, post_form

NIK = "3171014708900003"


def test_a_full_cycle_leaves_no_nik_in_the_database_file_or_the_logs(sms_app, run_worker, database, caplog):
    caplog.set_level(logging.DEBUG)
    phone = Phone(sms_app.test_client())
    phone.dial()
    phone.press("2", "1", "Siti Aminah", NIK, "3/7", "1")
    code = re.search(r"Kode Anda: (\S+)\.", phone.press("1")).group(1)
    make_staff(sms_app)
    desk = sms_app.test_client()
    log_in(desk)
    page = f"/staff/applications/{code}"
    pages = [desk.get("/staff/").text, desk.get(page).text, post_form(desk, "/staff/", {"q": NIK}).text]
    post_form(desk, f"{page}/status", {"to": "lengkap"}, page)
    pages.append(desk.get("/staff/messages").text)
    run_worker()
    assert all(NIK not in html for html in pages)
    assert NIK not in caplog.text and "6281234567890" not in caplog.text
    if database.url.get_backend_name() == "sqlite":
        files = [Path(database.url.database + suffix) for suffix in ("", "-wal")]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert raw and NIK.encode() not in raw
