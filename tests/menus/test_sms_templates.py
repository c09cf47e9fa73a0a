"""Every SMS template is GSM-7 and says what it costs, with the longest real data in both languages."""

import pytest

from menus import Context, sms_cost
from menus.catalog import Text
from menus.limits import sms_problems
from menus.resources import default_catalog, default_texts
from menus.sms import info_sms, requirements_sms

CATALOG, TEXTS = default_catalog(), default_texts()


def test_the_default_catalog_produces_no_sms_over_its_limit():
    assert sms_problems(CATALOG, TEXTS) == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_longest_requirements_list_costs_at_most_three_segments(lang):
    ctx = Context(CATALOG, TEXTS, lang=lang)
    longest = max(CATALOG.services, key=lambda s: len(requirements_sms(s, ctx, lang)))
    assert longest.key == "nikah"
    cost = sms_cost(requirements_sms(longest, ctx, lang))
    assert cost.encoding == "GSM-7" and cost.segments <= 3


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_service_list_and_short_lists_fit_one_segment(lang):
    ctx = Context(CATALOG, TEXTS, lang=lang)
    assert sms_cost(info_sms(ctx, lang)).segments == 1
    assert sms_cost(requirements_sms(CATALOG.service("domisili"), ctx, lang)).segments == 1


def test_a_catalog_whose_requirements_sms_would_cost_four_segments_is_reported():
    from dataclasses import replace
    long_docs = tuple(Text("Fotokopi dokumen yang sangat panjang namanya nomor " + str(n),
                           "A copy of a document with a very long name number " + str(n)) for n in range(12))
    service = replace(CATALOG.services[0], requirements=long_docs)
    catalog = replace(CATALOG, services=(service, *CATALOG.services[1:]))
    problems = sms_problems(catalog, TEXTS)
    assert any(p.startswith("SMS SYARAT domisili (id) costs 5 segments") for p in problems), problems
