"""Check the shape of an Indonesian NIK, and mask it for screens."""

import re
import unicodedata
from datetime import date

# Province codes (the first two digits) in use since the 2022 Papua split.
PROVINCES = frozenset({11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
                       61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97})


def nik_problem(raw: str) -> str | None:
    """Return why `raw` is not a NIK ("digits", "region", "date", "serial"), or None when it is.

    Shape: PP KK CC DDMMYY SSSS, province, regency, district, birth date (day + 40 for women),
    serial from 0001.
    """
    nik = normalise_nik(raw)
    if not re.fullmatch(r"\d{16}", nik):
        return "digits"
    if int(nik[:2]) not in PROVINCES or nik[2:4] == "00" or nik[4:6] == "00":
        return "region"
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    try:
        date(2000 + year, month, day)  # 2000 is a leap year: 29 Feb passes, 30 Feb does not
    except ValueError:
        return "date"
    if nik[12:] == "0000":
        return "serial"
    return None


def normalise_nik(raw: str) -> str:
    """Drop the spaces, dots and dashes people type between groups of digits, and write every
    decimal digit as ASCII: a NIK typed in full-width digits (３１７１…) is the same NIK."""
    return "".join(_ascii_digit(ch) for ch in re.sub(r"[\s.\-]", "", raw))


def _ascii_digit(ch: str) -> str:
    value = unicodedata.decimal(ch, None)  # "²" is a digit but no decimal one: it stays, and fails
    return str(value) if value is not None else ch


def mask_nik(nik: str) -> str:
    """Return 2171********0003: the region and serial, never the birth date."""
    return f"{nik[:4]}{'*' * 8}{nik[-4:]}" if len(nik) == 16 else "*" * len(nik)
