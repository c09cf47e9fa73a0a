"""STATUS, BATAL and DAFTAR by SMS, against applications made by USSD."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.applications import Application
from tests.support.phone import Phone
from tests.support.sms import post_incoming

NIK = "3171014708900003"
APPLICANT, OTHER = "+6281234567890", "+6287777777777"


def apply(app) -> str:
    phone = Phone(app.test_client(), number=APPLICANT)
    phone.dial()
    phone.press("2", "1", "Siti Aminah", NIK, "3/7", "1")
    return re.search(r"Kode Anda: (\S+)\.", phone.press("1")).group(1)


def ask(app, run_worker, stand_in, text, phone=APPLICANT) -> str:
    post_incoming(app.test_client(), text, phone=phone)
    run_worker()
    return stand_in.sent_texts()[-1]


def test_status_from_the_applicant_and_from_another_phone(sms_app, run_worker, stand_in, database):
    code = apply(sms_app)
    with Session(database) as db, db.begin():
        application = db.scalar(select(Application))
        application.status, application.items[2].missing = "kurang_berkas", True
    mine = ask(sms_app, run_worker, stand_in, f"status {code.lower()}")
    assert mine == f"{code} (Domisili): Kurang berkas. Kurang: Fotokopi KK."
    theirs = ask(sms_app, run_worker, stand_in, f"STATUS {code}", phone=OTHER)
    assert theirs == f"{code} (Domisili): Kurang berkas."
    assert ask(sms_app, run_worker, stand_in, "STATUS ZZ-ZZZZZ").startswith("Kode tidak ditemukan.")


def test_batal_cancels_only_from_the_applicants_phone(sms_app, run_worker, stand_in, database):
    code = apply(sms_app)
    assert ask(sms_app, run_worker, stand_in, f"BATAL {code}", phone=OTHER).startswith("Kode tidak ditemukan")
    with Session(database) as db:
        assert db.scalar(select(Application.status)) == "diterima"
    assert ask(sms_app, run_worker, stand_in, f"batal {code}") == f"Permohonan {code} (Domisili) dibatalkan."
    with Session(database) as db:
        application = db.scalar(select(Application))
        assert application.status == "dibatalkan"
        assert (application.history[-1].by, application.history[-1].reason) == ("resident", "SMS BATAL")
    again = ask(sms_app, run_worker, stand_in, f"BATAL {code}")
    assert again == f"Permohonan {code} sudah dibatalkan, tidak bisa dibatalkan."


def test_daftar_replies_with_the_ussd_shortcut_that_opens_the_journey(sms_app, run_worker, stand_in):
    assert (
        ask(sms_app, run_worker, stand_in, "DAFTAR 2")
        == "Untuk mendaftar SKTM, tekan *384*123*2*2# di HP Anda."
    )
    assert "*384*123*2#" in ask(sms_app, run_worker, stand_in, "daftar")
    phone = Phone(sms_app.test_client(), number=OTHER)
    assert phone.dial("2*2").startswith("CON Nama lengkap sesuai KTP:")  # the shortcut works
