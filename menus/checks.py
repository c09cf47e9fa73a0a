"""Every check a catalog must pass before residents see it, in one place: the parser's rules (both
languages, GSM-7, lengths), every SMS it produces, every USSD screen (walked in both languages) and
every WhatsApp message. `catalog check` and the console's editor both ask here."""

from dataclasses import dataclass

from .catalog import LANGUAGES, Catalog, parse_catalog
from .chat_limits import chat_problems
from .errors import CatalogError
from .gsm7 import septets
from .limits import sms_problems
from .screen import SCREEN_LIMIT
from .texts import Texts
from .view import Context
from .walk import walk


@dataclass(frozen=True)
class Checked:
    """What the checks found: the catalog (None when it does not parse), every problem, and how
    many USSD screens were walked with the length of the longest."""

    catalog: Catalog | None
    problems: tuple[str, ...]
    screens: int = 0
    longest: int = 0

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.problems


def check_catalog_text(text: str, texts: Texts, source: str = "catalog") -> Checked:
    """Parse catalog TOML and run every check on it."""
    try:
        catalog = parse_catalog(text, source)
    except CatalogError as exc:
        return Checked(None, tuple(exc.problems))
    problems = sms_problems(catalog, texts)
    screens, longest, over = 0, 0, []
    for lang in LANGUAGES:
        for path, reply in walk(Context(catalog, texts, lang=lang)):
            screens += 1
            length = septets(reply.screen)
            longest = max(longest, length)
            if length > SCREEN_LIMIT:
                over.append(f"USSD screen ({lang}, keys {'*'.join(path) or 'none'}): {length} characters, "
                            f"at most {SCREEN_LIMIT}: shorten the texts it shows")
    problems += over[:5] + ([f"... and {len(over) - 5} more USSD screens too long"] if len(over) > 5 else [])
    problems += chat_problems(catalog, texts)
    return Checked(catalog, tuple(problems), screens, longest)
