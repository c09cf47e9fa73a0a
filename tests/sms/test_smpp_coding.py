"""Text to SMPP short messages and back: any text survives the trip whole, in as many parts as the
console counts for it, each part within 140 octets; a character is never cut between two parts."""

from hypothesis import given
from hypothesis import strategies as st

from gateway.sms.providers.smpp.coding import GSM7, UCS2, UDHI, decode, header_and_text, split
from menus.gsm7 import BASIC, EXTENDED, sms_cost

GSM_TEXT = st.text(alphabet=BASIC + EXTENDED, max_size=700)


def joined(text: str, key: str = "sapa-1-abc") -> tuple[str, list]:
    parts = split(text, key)
    read = [header_and_text(parts.esm_class, m) for m in parts.messages]
    return "".join(decode(parts.data_coding, body) for _, body in read), [h for h, _ in read]


@given(st.text(max_size=700))
def test_any_text_comes_back_whole_in_parts_of_at_most_140_octets(text):
    back, headers = joined(text)
    assert back == text
    assert all(len(m) <= 140 for m in split(text, "k").messages)
    if len(headers) > 1:
        assert [h[2] for h in headers] == list(range(1, len(headers) + 1))
        assert {(h[0], h[1]) for h in headers} == {(headers[0][0], len(headers))}


@given(st.text(alphabet=BASIC, max_size=700))
def test_plain_gsm7_text_takes_the_segments_the_console_counts(text):
    parts = split(text, "k")
    assert len(parts.messages) == max(sms_cost(text).segments, 1) and parts.data_coding == GSM7


@given(GSM_TEXT)
def test_a_two_septet_character_may_cost_one_part_more_never_less(text):
    counted = max(sms_cost(text).segments, 1)
    assert counted <= len(split(text, "k").messages) <= counted + 1


def test_text_outside_gsm7_goes_as_ucs2_in_67_characters_a_part():
    parts = split("Terima kasih ✓ " * 10, "k")
    assert parts.data_coding == UCS2 and parts.esm_class == UDHI
    assert [len(m) - 6 for m in parts.messages] == [134, 134, 32]


def test_the_same_key_gives_the_same_reference_so_parts_sent_again_still_join():
    assert split("x" * 200, "sapa-7-1").messages == split("x" * 200, "sapa-7-1").messages


def test_gsm7_is_sent_unpacked_one_septet_an_octet():
    assert split("@£$ {€}§", "k").messages == (b"\x00\x01\x02\x20\x1b\x28\x1b\x65\x1b\x29\x5f",)
