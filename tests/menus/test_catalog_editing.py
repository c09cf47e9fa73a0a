"""What the console's catalog editor builds on: TOML written back in the seed's layout, a line saying
what changed, the USSD screens a catalog makes, and every check in one call."""

import tomllib
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from menus import Text, parse_catalog
from menus.changes import describe_changes
from menus.checks import check_catalog_text
from menus.export import catalog_data, toml_string, write_catalog
from menus.preview import preview
from menus.resources import default_catalog, default_texts, packaged

CATALOG, TEXTS = default_catalog(), default_texts()


def test_an_export_parses_back_to_the_same_catalog_and_the_seed_writes_the_same_way():
    written = write_catalog(catalog_data(CATALOG))
    assert parse_catalog(written) == CATALOG
    assert write_catalog(tomllib.loads(packaged("catalog.toml"))) == written
    assert 'short.id = "SKTM"' in written  # dotted keys, like the seed a person wrote


@given(st.text(max_size=60))
def test_any_text_is_quoted_so_toml_reads_it_back_unchanged(value):
    assert tomllib.loads(f"v = {toml_string(value)}")["v"] == value


def sktm_with(**changes):
    services = tuple(replace(s, **changes) if s.key == "sktm" else s for s in CATALOG.services)
    return replace(CATALOG, services=services)


@pytest.mark.parametrize(("new", "summary"), [
    (CATALOG, "no change"),
    (sktm_with(fee=Text("Rp 5.000", "Rp 5,000")), "sktm: fee"),
    (sktm_with(requirements=CATALOG.service("sktm").requirements[:2] + (Text("Foto", "Photo"),)),
     "sktm: requirements (+1 -1)"),
    (replace(CATALOG, services=CATALOG.services[1:]), "removed: domisili"),
    (replace(CATALOG, services=CATALOG.services[::-1]), "order"),
    (replace(CATALOG, office=replace(CATALOG.office, contact="0771-999")), "office: contact"),
])
def test_the_summary_names_what_changed(new, summary):
    assert describe_changes(CATALOG, new) == summary


def test_the_preview_shows_the_welcome_the_list_and_every_page_of_every_service():
    screens = preview(CATALOG, TEXTS, "id")
    assert screens[0].keys == "" and screens[0].text.startswith("Selamat datang di Kelurahan Tanjung Sari")
    assert screens[1].keys == "1" and "2. SKTM" in screens[1].text
    sktm = [s for s in screens if s.keys.startswith("1*2")]
    assert [s.keys for s in sktm] == ["1*2", "1*2*98", "1*2*98*98"]
    assert all(s.length <= 160 for s in screens)
    assert {s.keys.split("*")[1] for s in screens[2:]} == {str(n) for n in range(1, 9)}


def test_the_checks_name_the_field_with_an_emoji_and_a_label_too_long():
    text = packaged("catalog.toml").replace('fee.en = "Free"', 'fee.en = "Free \u2728"', 1).replace(
        'short.id = "SKTM"', 'short.id = "Surat Tidak Mampu SKTM"')
    checked = check_catalog_text(text, TEXTS, "draft")
    assert not checked.ok and checked.catalog is None
    assert any("service 1 'domisili'.fee.en: characters" in p for p in checked.problems)
    assert any("service 2 'sktm'.short.id: 22 characters, at most 18" in p for p in checked.problems)


def test_the_default_catalog_passes_every_check():
    checked = check_catalog_text(packaged("catalog.toml"), TEXTS)
    assert checked.ok and checked.longest <= 160 and checked.screens > 1000
