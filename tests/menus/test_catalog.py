"""The catalog is validated with messages that name the file, the service and the field."""

import pytest

from menus import CatalogError, parse_catalog
from menus.resources import default_catalog, packaged

DEFAULT = packaged("catalog.toml")


def problems_of(text: str) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "office.toml")
    assert str(caught.value).startswith("office.toml: ")
    return caught.value.problems


def test_the_default_catalog_has_the_eight_kelurahan_services_in_both_languages():
    catalog = default_catalog()
    assert [s.key for s in catalog.services] == [
        "domisili", "sktm", "sku", "skck", "kelahiran", "kematian", "nikah", "pindah"]
    for service in catalog.services:
        assert service.requirements and all(doc.id and doc.en for doc in service.requirements)


def test_broken_toml_is_reported_with_the_file_name():
    assert problems_of("[office\nname=")[0].startswith("not valid TOML")


def test_a_missing_english_text_names_the_service_and_field():
    text = DEFAULT.replace('name.en = "Certificate of Low Income (SKTM)"\n', "")
    assert problems_of(text) == ["service 2 'sktm'.name.en: required text is missing"]


def test_requirement_lists_of_different_lengths_are_refused():
    text = DEFAULT.replace('"Copy of KTP & KK", "Photo of the business premises"',
                           '"Copy of KTP & KK"')
    [problem] = problems_of(text)
    assert problem.startswith("service 3 'sku'.requirements: requirements.id has 3 items")


def test_emoji_are_refused_because_they_double_sms_cost():
    text = DEFAULT.replace('fee.id = "Gratis"', 'fee.id = "Gratis \U0001F600"', 1)
    [problem] = problems_of(text)
    assert problem.startswith("service 1 'domisili'.fee.id: characters '\U0001F600' are not GSM-7")


def test_curly_quotes_and_dashes_from_a_word_processor_become_plain_ones():
    text = DEFAULT.replace('fee.id = "Gratis"', 'fee.id = "Gratis \u2013 \u201ctanpa biaya\u201d"', 1)
    assert parse_catalog(text).services[0].fee.id == 'Gratis - "tanpa biaya"'


def test_every_problem_is_listed_at_once():
    text = DEFAULT.replace('short.id = "Domisili"', 'short.id = "A name far too long for a menu"')
    text = text.replace('key = "sku"', 'key = "sktm"').replace('contact = "0771-000123"\n', "")
    found = problems_of(text)
    assert "[office].contact: required text is missing" in found
    assert "service 1 'domisili'.short.id: 30 characters, at most 18" in found
    assert "service 'sktm': key is used more than once" in found


def test_a_catalog_without_services_is_refused():
    office_only = DEFAULT.split("[[service]]")[0]
    assert problems_of(office_only) == ["[[service]]: at least one service is needed"]
