"""One function says whether a text is GSM-7 and how many segments it costs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from menus import is_gsm7, sms_cost, to_gsm7
from menus.gsm7 import BASIC, EXTENDED, septets


@pytest.mark.parametrize(("text", "encoding", "segments"), [
    ("", "GSM-7", 0),
    ("a" * 160, "GSM-7", 1),
    ("a" * 161, "GSM-7", 2),
    ("a" * 306, "GSM-7", 2),
    ("a" * 307, "GSM-7", 3),
    ("[" * 80, "GSM-7", 1),          # extension characters take two septets
    ("[" * 81, "GSM-7", 2),
    ("a" * 69 + "\u2019", "UCS-2", 1),  # one curly quote turns the message into UCS-2
    ("a" * 70 + "\u2019", "UCS-2", 2),
    ("\U0001F600" * 35, "UCS-2", 1),  # an emoji is two UTF-16 units
])
def test_sms_cost(text, encoding, segments):
    cost = sms_cost(text)
    assert (cost.encoding, cost.segments) == (encoding, segments)


def test_curly_quotes_and_dashes_become_plain_lookalikes():
    assert to_gsm7("\u201cSurat\u201d \u2013 Pak\u2019s caf\u00e9\u2026") == '"Surat" - Pak\'s caf\u00e9...'


@given(st.text())
def test_to_gsm7_always_returns_gsm7_text(text):
    assert is_gsm7(to_gsm7(text))


@given(st.text(alphabet=st.sampled_from(BASIC + EXTENDED + "é€😀"), max_size=200))
def test_septets_counts_an_extension_character_as_two(text):
    assert septets(text) == sum(2 if ch in EXTENDED else 1 for ch in text)
