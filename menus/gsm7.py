"""Tell whether text is GSM-7, what it costs in SMS segments, and make it GSM-7."""

import unicodedata
from dataclasses import dataclass

# GSM 03.38 default alphabet (one septet each) and its extension table (two septets: ESC + char).
BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENDED = "^{}\\[~]|€\f"
_BASIC_SET = frozenset(BASIC)
_EXTENDED_SET = frozenset(EXTENDED)

SINGLE_SEGMENT = {"GSM-7": 160, "UCS-2": 70}
MULTI_SEGMENT = {"GSM-7": 153, "UCS-2": 67}

# Characters staff and catalogs type that have a plain GSM-7 look-alike.
_LOOKALIKES = {
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
    "…": "...", "•": "-", "·": "-", "\u00a0": " ", "\t": " ", "×": "x", "`": "'",
}


@dataclass(frozen=True)
class Cost:
    """What a text costs as an SMS: its encoding, length in units and segment count."""

    encoding: str
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Return True when every character of text is in the GSM-7 alphabet or its extension."""
    return all(ch in _BASIC_SET or ch in _EXTENDED_SET for ch in text)


def septets(text: str) -> int:
    """Count GSM-7 septets: extension characters take two."""
    # Ten str.count calls in C beat a Python loop over every character (it runs on every hop).
    return len(text) + sum(map(text.count, EXTENDED))


def sms_cost(text: str) -> Cost:
    """Return the encoding and number of segments text costs as one SMS."""
    if is_gsm7(text):
        encoding, units = "GSM-7", septets(text)
    else:
        # UCS-2 counts UTF-16 code units: an emoji outside the BMP takes two.
        encoding, units = "UCS-2", len(text.encode("utf-16-le")) // 2
    if units <= SINGLE_SEGMENT[encoding]:
        return Cost(encoding, units, 1 if units else 0)
    per_segment = MULTI_SEGMENT[encoding]
    return Cost(encoding, units, -(-units // per_segment))


def to_gsm7(text: str) -> str:
    """Return text with every non-GSM-7 character replaced by a GSM-7 look-alike or '?'."""
    out = []
    for ch in text:
        if ch in _BASIC_SET or ch in _EXTENDED_SET:
            out.append(ch)
        elif ch in _LOOKALIKES:
            out.append(_LOOKALIKES[ch])
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(plain if plain and is_gsm7(plain) else "?")
    return "".join(out)
