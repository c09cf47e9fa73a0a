"""Text to SMPP short messages and back: GSM-7 when every character has a septet, else UCS-2; long
text in parts behind a concatenation header (UDH 05 00 03 ref total seq, esm_class 0x40).

smpplib's gsm.make_parts does this with a random reference and a GSM table that maps "`" where
GSM 03.38 has "§", and it may cut a two-septet character (ESC + char) between parts. Here the table
is menus/gsm7.py's (so a part count always matches the segments the console shows), a character is
never cut, and the reference comes from the message's key: parts sent again after a cut carry the
same reference, so the phone still joins them.
"""

import zlib
from dataclasses import dataclass

from menus.gsm7 import BASIC, EXTENDED, MULTI_SEGMENT, SINGLE_SEGMENT, is_gsm7

GSM7, LATIN1, UCS2 = 0x00, 0x03, 0x08  # data_coding
UDHI = 0x40  # esm_class: the short message starts with a user data header
ESCAPE = 0x1B
_EXTENSION_CODES = dict(zip("^{}\\[~]|€\f", (0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65, 0x0A),
                            strict=True))
assert set(_EXTENSION_CODES) == set(EXTENDED)
_DECODE_EXTENSION = {code: ch for ch, code in _EXTENSION_CODES.items()}


@dataclass(frozen=True)
class Parts:
    """What one text becomes: the short messages to submit, in order, and how they are coded."""

    messages: tuple[bytes, ...]
    data_coding: int
    esm_class: int


def split(text: str, key: str) -> Parts:
    """The short messages for `text`; the concatenation reference is taken from `key`."""
    if is_gsm7(text):
        units, coding = [_septets(ch) for ch in text], GSM7
        single, per_part = SINGLE_SEGMENT["GSM-7"], MULTI_SEGMENT["GSM-7"]
    else:
        units, coding = _utf16_units(text), UCS2
        single, per_part = SINGLE_SEGMENT["UCS-2"] * 2, MULTI_SEGMENT["UCS-2"] * 2  # in octets here
    if sum(len(u) for u in units) <= single:
        return Parts((b"".join(units),), coding, 0)
    chunks, current = [], b""
    for unit in units:  # a unit is one character: it is never cut between two parts
        if len(current) + len(unit) > per_part:
            chunks.append(current)
            current = b""
        current += unit
    chunks.append(current)
    reference = zlib.crc32(key.encode()) & 0xFF
    return Parts(tuple(bytes((5, 0, 3, reference, len(chunks), seq)) + chunk
                       for seq, chunk in enumerate(chunks, start=1)), coding, UDHI)


def decode(data_coding: int, message: bytes) -> str:
    """The text of a short message (without its header) as the resident wrote it; raise ValueError when
    its coding is not one phones use for text."""
    # 0xF0-0xFF: message class in bits 0-1, bit 2 set for 8-bit data, else GSM-7
    coding = (0x04 if data_coding & 0x04 else GSM7) if data_coding & 0xF0 == 0xF0 else data_coding
    if coding == GSM7:
        return _gsm7_text(message)
    if coding == UCS2:
        return message.decode("utf-16-be", errors="replace")
    if coding in (0x01, LATIN1):  # IA5 (ASCII) and Latin-1
        return message.decode("latin-1")
    raise ValueError(f"data_coding 0x{data_coding:02x} is not text")


def header_and_text(esm_class: int, message: bytes) -> tuple[tuple[int, int, int] | None, bytes]:
    """Take a concatenation header off a short message: ((reference, total, seq) or None, the rest)."""
    if not esm_class & UDHI or not message:
        return None, message
    length = message[0]
    header, rest = message[1:length + 1], message[length + 1:]
    if len(header) < length:
        raise ValueError("the user data header is cut short")
    at = 0
    while at + 1 < len(header):
        tag, size = header[at], header[at + 1]
        value = header[at + 2:at + 2 + size]
        if tag == 0x00 and size == 3:
            return (value[0], value[1], value[2]), rest
        if tag == 0x08 and size == 4:  # 16-bit reference
            return ((value[0] << 8) | value[1], value[2], value[3]), rest
        at += 2 + size
    return None, rest


def _septets(ch: str) -> bytes:
    if ch in _EXTENSION_CODES:
        return bytes((ESCAPE, _EXTENSION_CODES[ch]))
    return bytes((BASIC.index(ch) + (1 if BASIC.index(ch) >= ESCAPE else 0),))


def _gsm7_text(message: bytes) -> str:
    """Unpacked GSM-7 (one septet an octet, as SMPP carries it) as text."""
    out, escaped = [], False
    for octet in message:
        if escaped:
            out.append(_DECODE_EXTENSION.get(octet, " "))
            escaped = False
        elif octet == ESCAPE:
            escaped = True
        elif octet < 0x80:
            out.append(_basic(octet))
        else:
            out.append("?")
    return "".join(out)


def _basic(octet: int) -> str:
    return BASIC[octet - 1] if octet > ESCAPE else BASIC[octet]


def _utf16_units(text: str) -> list[bytes]:
    return [ch.encode("utf-16-be") for ch in text]  # a character outside the BMP is a surrogate pair
