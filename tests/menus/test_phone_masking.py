"""Masked phone numbers tell residents apart but never show more than half the digits."""

import pytest

from menus.privacy import mask_phone


@pytest.mark.parametrize(("phone", "masked"), [
    ("+1234567", "+****567"),
    ("+12345678", "+1****678"),
    ("+123456789", "+1*****789"),
    ("+1234567890", "+12*****890"),
    ("+62812345678", "+62******678"),
    ("+628123456789", "+628******789"),
    ("+6281234567890", "+628*******890"),
    ("+62812345678901", "+6281*******901"),
    ("+628123456789012", "+6281********012"),
])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked
    assert len(masked) == len(phone) and masked.startswith("+")
    digits = len(phone) - 1
    assert sum(c.isdigit() for c in masked) <= digits / 2


@pytest.mark.parametrize("length", range(0, 20))
def test_no_length_shows_more_than_half_the_digits(length):
    phone = "+" + "9" * length
    assert sum(c.isdigit() for c in mask_phone(phone)) <= length / 2
    assert sum(c.isdigit() for c in mask_phone(phone[1:])) <= length / 2
