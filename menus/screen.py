"""Lay out a titled list of lines as USSD pages that each fit the screen limit."""

import textwrap
from collections.abc import Sequence

from .gsm7 import septets

SCREEN_LIMIT = 160  # Safaricom and some Indonesian operators cut at 160; the hard limit is 182
PAGER_ROOM = len(" (99/99)")


def paginate(title: str, lines: Sequence[str], nav: Sequence[str], more: str,
             reserve: int = 0, limit: int = SCREEN_LIMIT) -> list[str]:
    """Return the pages of a screen; each fits `limit` minus `reserve`, counted in GSM-7 septets.

    `nav` items ("0.Kembali") share the last line of every page; `more` ("98.Lanjut") leads that
    line on every page but the last. A title gets " (n/m)" once the screen needs several pages.
    """
    room = limit - reserve
    single = _join(title, lines, nav)
    if septets(single) <= room:
        return [single]
    # Two newlines join title, body and navigation; the body gets what is left.
    budget = room - septets(title) - PAGER_ROOM - septets(" ".join([more, *nav])) - 2
    chunks = [chunk for line in lines for chunk in _wrap(line, max(budget, 8))]
    groups: list[list[str]] = [[]]
    for chunk in chunks:
        if groups[-1] and septets("\n".join([*groups[-1], chunk])) > budget:
            groups.append([])
        groups[-1].append(chunk)
    total = len(groups)
    return [
        _join(f"{title} ({n}/{total})", group, [*([more] if n < total else []), *nav])
        for n, group in enumerate(groups, start=1)
    ]


def with_flash(flash: str, page: str, limit: int = SCREEN_LIMIT) -> str:
    """Put a one-line notice above a page, in place of its title when both would not fit."""
    screen = f"{flash}\n{page}"
    if septets(screen) <= limit:
        return screen
    return f"{flash}\n{page.partition(chr(10))[2]}"


def flash_reserve(title: str, longest_flash: int) -> int:
    """Return the room to keep free so that a flash replacing `title` always fits."""
    return max(0, longest_flash - septets(title))


def _join(title: str, lines: Sequence[str], nav: Sequence[str]) -> str:
    return "\n".join(part for part in (title, *lines, " ".join(nav)) if part)


def _wrap(line: str, width: int) -> list[str]:
    """Split a line into pieces of at most `width` septets, at spaces where possible."""
    if septets(line) <= width:
        return [line]
    pieces = []
    for piece in textwrap.wrap(line, width):
        # textwrap counts characters; an extension character ("[", "EUR") takes two septets.
        while septets(piece) > width:
            cut = width
            while septets(piece[:cut]) > width:
                cut -= 1
            pieces.append(piece[:cut])
            piece = piece[cut:]
        pieces.append(piece)
    return pieces
