"""Every SMS keyword, in both languages, with the case, spacing and typos residents really send."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from menus import Context, is_gsm7, sms_cost
from menus.effects import RememberLanguage, RequestData, SetBroadcasts
from menus.keywords import Command, read_command
from menus.resources import default_catalog, default_texts
from menus.sms import answer_sms, find_service

CATALOG, TEXTS = default_catalog(), default_texts()


@pytest.mark.parametrize(("text", "command"), [
    ("INFO", Command("info")), ("info", Command("info")), ("  Info  ", Command("info")),
    ("LAYANAN", Command("info")), ("infoo", Command("info")), ("SERVICES", Command("info")),
    ("SYARAT 1", Command("requirements", "1")), ("syarat1", Command("requirements", "1")),
    ("Syarat   domisili", Command("requirements", "DOMISILI")),
    ("syrat domisili", Command("requirements", "DOMISILI")), ("SYARAT#2", Command("requirements", "2")),
    ("REQ 3", Command("requirements", "3")), ("requirements birth", Command("requirements", "BIRTH")),
    ("BANTUAN", Command("help")), ("HELP", Command("help")), ("bantuan!", Command("help")),
    ("TOLONG", Command("help")), ("tolong", Command("help")), ("tolongg", Command("help")),
    ("BERHENTI", Command("stop")), ("STOP", Command("stop")), ("stp", Command("stop")),
    ("berhenti.", Command("stop")), ("UNREG", Command("stop")),
    ("MULAI", Command("start")), ("START", Command("start")), ("mulai ", Command("start")),
    ("BAHASA EN", Command("language", "EN")), ("bahasa id", Command("language", "ID")),
    ("LANGUAGE EN", Command("language", "EN")), ("bahsa en", Command("language", "EN")),
    ("LANGUAGE ID", Command("language", "ID")), ("language  id.", Command("language", "ID")),
    ("", Command("help")), ("???", Command("help")),
    ("halo pak", Command("unknown", "PAK")), ("STATUS DB-7K2Q9", Command("status", "DB 7K2Q9")),
    ("status db7k2q9", Command("status", "DB7K2Q9")), ("CEK DB-7K2Q9", Command("status", "DB 7K2Q9")),
    ("BATAL DB-7K2Q9", Command("cancel", "DB 7K2Q9")), ("cancel db-7k2q9", Command("cancel", "DB 7K2Q9")),
    ("DAFTAR 2", Command("apply", "2")), ("daftar2", Command("apply", "2")), ("APPLY", Command("apply")),
])
def test_read_command(text, command):
    assert read_command(text) == command


@pytest.mark.parametrize(("query", "key"), [
    ("1", "domisili"), ("8", "pindah"), ("domisili", "domisili"), ("DOMISLI", "domisili"),
    ("sktm", "sktm"), ("tidak mampu", "sktm"), ("usaha", "sku"), ("business", "sku"),
    ("skck", "skck"), ("kelahiran", "kelahiran"), ("lahir", "kelahiran"), ("mampu", "sktm"),
    ("birth", "kelahiran"), ("2 tolong pak", "sktm"),
    ("kematian", "kematian"), ("death", "kematian"), ("nikah", "nikah"), ("marriage", "nikah"),
    ("pindah", "pindah"), ("moving", "pindah"), ("0", None), ("9", None), ("surat", None),
    ("pengantar", None), ("", None), ("kapal", None),
])
def test_find_service_by_number_or_name(query, key):
    service = find_service(CATALOG, query)
    assert (service.key if service else None) == key


@pytest.mark.parametrize(("text", "lang", "starts"), [
    ("INFO", "id", "Layanan: 1 Domisili"), ("INFO", "en", "Services: 1 Domicile"),
    ("SYARAT 2", "id", "Syarat Surat Keterangan Tidak Mampu (SKTM):\n1. Surat pengantar RT/RW"),
    ("REQ 2", "en", "Certificate of Low Income (SKTM) requirements:\n1. Cover letter from RT/RW"),
    ("SYARAT", "id", "Layanan: 1 Domisili"),
    ("SYARAT kapal", "id", 'Layanan "kapal" tidak ada.'),
    ("REQ boat", "en", 'No service "boat".'),
    ("BANTUAN", "id", "Balas INFO"), ("HELP", "en", "Reply INFO"), ("TOLONG", "en", "Reply INFO"),
    ("tolong", "id", "Balas INFO"),
    ("BERHENTI", "id", "Anda tidak akan menerima pengumuman"), ("STOP", "en", "You will get no more"),
    ("MULAI", "id", "Anda akan menerima pengumuman"), ("START", "en", "You will get announcements"),
    ("BAHASA EN", "id", "SMS and USSD language: English."),
    ("BAHASA ID", "en", "Bahasa SMS dan USSD: Indonesia."),
    ("LANGUAGE ID", "en", "Bahasa SMS dan USSD: Indonesia."),
    ("BAHASA XX", "id", "Balas INFO"), ("apa kabar", "id", "Balas INFO"), ("hello", "en", "Reply INFO"),
])
def test_answer_sms(text, lang, starts):
    reply = answer_sms(text, Context(CATALOG, TEXTS, lang=lang))
    assert reply.text.startswith(starts)


@pytest.mark.parametrize(("text", "lang", "reply"), [
    ("SYARAT 3171014708900003", "id", "Layanan itu tidak ada. Balas INFO untuk daftar layanan."),
    ("REQ 3171014708900003", "en", "No such service. Reply INFO for the list of services."),
    ("SYARAT 081234567890", "id", "Layanan itu tidak ada. Balas INFO untuk daftar layanan."),
    ("SYARAT nik 31710 14708", "id", "Layanan itu tidak ada. Balas INFO untuk daftar layanan."),
    ("SYARAT kapal", "id", 'Layanan "kapal" tidak ada. Balas INFO untuk daftar layanan.'),
    ("REQ big boat", "en", 'No service "big boat". Reply INFO for the list of services.'),
    ("SYARAT surat kapal laut besar", "id", "Layanan itu tidak ada. Balas INFO untuk daftar layanan."),
])
def test_an_unknown_service_reply_quotes_only_a_few_letters(text, lang, reply):
    assert answer_sms(text, Context(CATALOG, TEXTS, lang=lang)).text == reply


@given(st.from_regex(r"[A-Za-z ]{0,10}[0-9]{5,20}[A-Za-z0-9 ]{0,10}", fullmatch=True),
       st.sampled_from(["SYARAT", "REQ", "syrat"]), st.sampled_from(["id", "en"]))
def test_no_reply_quotes_a_run_of_five_digits(query, keyword, lang):
    reply = answer_sms(f"{keyword} {query}", Context(CATALOG, TEXTS, lang=lang))
    assert not re.search(r"[0-9]{5}", reply.text.replace(CATALOG.office.contact, ""))


def test_stop_and_start_ask_the_shell_to_change_broadcast_consent():
    ctx = Context(CATALOG, TEXTS)
    assert answer_sms("stop", ctx).effects == (SetBroadcasts(on=False),)
    assert answer_sms("MULAI", ctx).effects == (SetBroadcasts(on=True),)


def test_language_asks_the_shell_to_remember_it():
    reply = answer_sms("bahasa en", Context(CATALOG, TEXTS))
    assert reply.effects == (RememberLanguage("en"),)


@given(st.text(max_size=2000), st.sampled_from(["id", "en"]))
def test_any_text_gets_a_gsm7_reply_of_at_most_three_segments(text, lang):
    reply = answer_sms(text, Context(CATALOG, TEXTS, lang=lang))
    assert reply.text and is_gsm7(reply.text)
    assert sms_cost(reply.text).segments <= 3


@pytest.mark.parametrize(("text", "lang", "kind", "starts"), [
    ("DATA", "id", "access", "Permintaan melihat data Anda diterima."),
    ("data saya", "id", "access", "Permintaan melihat data Anda diterima."),
    ("PRIVASI", "id", "access", "Permintaan melihat data Anda diterima."),
    ("DATA HAPUS", "id", "erase", "Permintaan hapus data Anda diterima."),
    ("data ubah", "id", "correct", "Permintaan perbaikan data Anda diterima."),
    ("MYDATA", "en", "access", "Your request to see your data is received."),
    ("DATA DELETE", "en", "erase", "Your request to erase your data is received."),
    ("privacy fix", "en", "correct", "Your request to correct your data is received."),
])
def test_data_asks_the_shell_to_record_a_request_and_promises_an_answer_in_3x24_hours(text, lang, kind,
                                                                                      starts):
    reply = answer_sms(text, Context(CATALOG, TEXTS, lang=lang))
    assert reply.text.startswith(starts) and "3x24" in reply.text and CATALOG.office.contact in reply.text
    assert reply.effects == (RequestData(kind),)
    assert sms_cost(reply.text).segments == 1 and is_gsm7(reply.text)


@pytest.mark.parametrize("text", ["DAFTAR 2", "DAFTR 2", "DATAR 2"])
def test_data_does_not_swallow_the_apply_keyword_or_its_typos(text):
    assert read_command(text).name == "apply"
