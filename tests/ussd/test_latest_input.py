"""USSD_INPUT=latest: an aggregator that posts only the newest input gets the same service."""

import itertools
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.applications import Application
from menus import Context
from menus.resources import default_catalog, default_texts
from menus.walk import PROBES, walk
from tests.support.phone import Phone
from tests.support.sms import messages

TEXTS = default_texts()
NIK = "3171014708900003"
numbers = (f"+62812{n:07d}" for n in itertools.count(1))


@pytest.fixture
def latest_app(app_with):
    """Latest mode with no re-send window: these tests press keys faster than any person reads."""
    return app_with(USSD_INPUT="latest", USSD_RESEND_MS="0")


def test_every_screen_reached_by_menu_keys_is_the_engines_screen(latest_app):
    """Each path of option keys (and 0, 00, 98) through the tree, walked over HTTP in latest mode,
    ends on the screen the engine gives for it."""
    client = latest_app.test_client()
    ctx = Context(default_catalog(), default_texts())
    walked = 0
    for path, reply in walk(ctx):
        if any(k in PROBES and k not in ("0", "00", "98") for k in path):
            continue  # junk and free text: covered by the engine's own walk
        phone = Phone(client, number=next(numbers), latest=True)  # a fresh phone: no resume, no language
        body = phone.dial()
        if path:
            body = phone.press(*path)
        assert body == ("END " if reply.ends else "CON ") + reply.screen, path
        walked += 1
    assert walked > 400


def test_the_same_key_twice_is_two_inputs_once_a_person_could_have_read_the_screen(app_with):
    phone = Phone(app_with(USSD_INPUT="latest", USSD_RESEND_MS="0").test_client(), latest=True)
    phone.dial()
    assert phone.press("1").startswith("CON Pilih layanan")
    assert phone.press("1").startswith("CON Syarat Domisili")


def test_a_hop_resent_at_once_gets_the_same_screen_and_runs_nothing(sms_app_with, run_worker, stand_in,
                                                                    database):
    app = sms_app_with(USSD_INPUT="latest", USSD_RESEND_MS="10000")  # generous: this machine may be slow
    phone = Phone(app.test_client(), latest=True)
    phone.dial()
    services = phone.press("1")
    assert phone.post() == services  # the aggregator re-sent "1" within the window
    page = phone.press("7")
    assert page.startswith("CON Syarat Pengantar Nikah")
    end = phone.press("9")
    assert phone.post() == end and phone.press("9") == end  # after the end: the stored END, no effect
    run_worker(app)
    assert len(stand_in.sent_texts()) == 1 and len(messages(database)) == 1


def test_a_shortcut_dial_sends_the_whole_dial_string_first(latest_app):
    assert Phone(latest_app.test_client(), latest=True).dial("1*2").startswith("CON Syarat SKTM")


def test_applying_in_latest_mode_stores_one_application_and_one_sms(sms_app_with, run_worker, stand_in,
                                                                     database):
    app = sms_app_with(USSD_INPUT="latest", USSD_RESEND_MS="0")
    phone = Phone(app.test_client(), latest=True)
    phone.dial()
    phone.press("2", "1", "Siti Aminah", NIK, "3/7", "1")
    end = phone.press("1")
    code = re.search(r"Kode Anda: (\S+)\.", end).group(1)
    assert phone.post() == end
    run_worker(app)
    with Session(database) as session:
        [application] = session.scalars(select(Application)).all()
        assert application.code == code and application.applicant_name == "Siti Aminah"
    assert [code in text for text in stand_in.sent_texts()] == [True]


def test_resume_and_language_work_in_latest_mode(latest_app):
    client = latest_app.test_client()
    phone = Phone(client, latest=True)
    phone.dial()
    left = phone.press("1", "7", "98")
    assert phone.dial().startswith(f"CON {TEXTS('id', 'resume_title')}")
    assert phone.press("1") == left
    phone.dial()
    phone.press("2")  # start again
    phone.press("5", "2")
    assert phone.dial().startswith("CON Welcome to")


def test_status_by_code_works_in_latest_mode(latest_app):
    phone = Phone(latest_app.test_client(), latest=True)
    phone.dial()
    phone.press("3", "9")
    assert phone.press("DB-7K2Q9").startswith("CON ")
