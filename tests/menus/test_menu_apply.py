"""The apply and status journeys of the pure engine, with a fake applications port."""

import pytest

from menus import Context, handle, start
from menus.catalog import Text
from menus.effects import CreateApplication
from menus.nik import mask_nik, nik_problem, normalise_nik
from menus.records import Summary
from menus.resources import default_catalog, default_texts

CATALOG, TEXTS = default_catalog(), default_texts()
NIK = "3171014708900003"  # Jakarta, born 7 Aug 1990 (a woman: day + 40), serial 3


class FakeRecords:
    def __init__(self, *summaries: Summary):
        self.summaries = summaries

    def recent(self, phone):
        return [s for s in self.summaries if s.own]

    def find(self, code, phone):
        return next((s for s in self.summaries if s.code == code), None)


def walk_keys(ctx, *keys):
    reply = start(ctx)
    for key in keys:
        reply = handle(reply.state, key, ctx)
    return reply


@pytest.mark.parametrize(("nik", "problem"), [
    (NIK, None), ("3171 0147 0890 0003", None), ("2171010101800001", None),
    ("317101470890000", "digits"), ("31710147089000AB", "digits"), ("9971014708900003", "region"),
    ("3100014708900003", "region"), ("3171013002900003", "date"), ("3171017208900003", "date"),
    ("3171011313900003", "date"), ("3171014708900000", "serial"), ("3171012902000001", None),
])
def test_nik_shape(nik, problem):
    assert nik_problem(nik) == problem


def test_a_nik_in_full_width_or_arabic_indic_digits_is_read_as_ascii():
    for script in (0xFF10, 0x0660, 0x0966):  # full-width, Arabic-Indic, Devanagari
        typed = NIK.translate(str.maketrans("0123456789", "".join(chr(script + n) for n in range(10))))
        assert nik_problem(typed) is None and normalise_nik(typed) == NIK
    assert nik_problem("\u00b2" + NIK[1:]) == "digits"  # a superscript two is no decimal digit


def test_a_nik_is_masked_to_region_and_serial():
    assert mask_nik(NIK) == "3171********0003"


def test_applying_walks_name_nik_rt_rw_consent_confirm_and_ends_with_the_code():
    ctx = Context(CATALOG, TEXTS, new_code="DB-7K2Q9")
    confirm = walk_keys(ctx, "2", "2", "Siti Aminah", "3171 0147 0890 0003", "3/7", "1")
    assert confirm.screen.startswith(TEXTS("id", "confirm_title"))
    assert "NIK: 3171********0003" in confirm.screen and NIK not in confirm.screen
    assert "RT/RW: 003/007" in confirm.screen and "Layanan: SKTM" in confirm.screen
    done = handle(confirm.state, "1", ctx)
    assert done.ends and "DB-7K2Q9" in done.screen
    [effect] = done.effects
    assert effect == CreateApplication(service="sktm", code="DB-7K2Q9", name="Siti Aminah", nik=NIK,
                                       rt_rw="003/007", consent=True, sms=effect.sms)
    assert NIK not in repr(effect) and "Siti" not in repr(effect)  # safe to log
    assert effect.sms.startswith(
        "Permohonan Surat Keterangan Tidak Mampu (SKTM) diterima. Kode: DB-7K2Q9")


@pytest.mark.parametrize(("keys", "error"), [
    (("2", "1", "S"), "error_name"), (("2", "1", "Siti", "12345"), "error_nik_digits"),
    (("2", "1", "Siti", "3171013002900003"), "error_nik_date"),
    (("2", "1", "Siti", NIK, "RW 7"), "error_rt_rw"),
])
def test_a_wrong_answer_stays_on_the_question_with_the_reason(keys, error):
    ctx = Context(CATALOG, TEXTS)
    before = walk_keys(ctx, *keys[:-1])
    after = handle(before.state, keys[-1], ctx)
    assert after.screen.startswith(TEXTS("id", error)) and after.state == before.state


def test_cancelling_at_confirm_creates_nothing():
    reply = walk_keys(Context(CATALOG, TEXTS), "2", "1", "Siti", NIK, "003/007", "2", "2")
    assert reply.ends and reply.effects == () and reply.screen == TEXTS("id", "apply_cancelled")


def test_leaving_the_journey_forgets_the_draft():
    ctx = Context(CATALOG, TEXTS)
    reply = walk_keys(ctx, "2", "1", "Siti", NIK, "0", "0", "0", "0")
    assert reply.state["stack"] == [{"n": "root", "a": "", "p": 0}] and reply.state["draft"] == {}


def test_status_lists_this_phones_applications_with_what_is_missing():
    mine = Summary("DB-7K2Q9", "sktm", "kurang_berkas", own=True,
                   missing=(Text("Fotokopi KK", "Copy of KK"),))
    ctx = Context(CATALOG, TEXTS, records=FakeRecords(mine))
    listing = walk_keys(ctx, "3")
    assert "1. DB-7K2Q9 Kurang berkas" in listing.screen
    detail = handle(listing.state, "1", ctx)
    assert "Layanan: SKTM" in detail.screen and "Kurang: Fotokopi KK" in detail.screen


def test_a_code_from_another_phone_shows_service_and_status_only():
    theirs = Summary("DB-7K2Q9", "sktm", "kurang_berkas", own=False, missing=(Text("Fotokopi KK", "KK"),),
                     ready_on="")
    ctx = Context(CATALOG, TEXTS, records=FakeRecords(theirs))
    listing = walk_keys(ctx, "3")
    assert TEXTS("id", "status_none") in listing.screen
    detail = walk_keys(ctx, "3", "9", "db 7k2q9")
    assert "Status: Kurang berkas" in detail.screen and "Fotokopi KK" not in detail.screen
    assert walk_keys(ctx, "3", "9", "ZZ-ZZZZZ").screen.startswith("Kode ZZ-ZZZZZ tidak ditemukan.")
