"""Remember the catalog-only screens of the catalog in force, so a busy hour builds each once.

The welcome, services, requirements, office, language and resume screens are the same for every
phone: they depend on the catalog, the texts, the language and where they sit in the journey. The
engine keeps their views and pages in the dict a Context carries; the shell holds one ScreenMemo
and asks it for the dict of the catalog each hop runs with, so a newly published catalog starts
afresh.
"""

from .catalog import Catalog
from .texts import Texts

MEMO_LIMIT = 2000  # entries: a catalog of 50 services in two languages needs about 700


class ScreenMemo:
    """The memo dict of the catalog and texts in force; a new catalog gets a new one."""

    def __init__(self):
        # One tuple, swapped in one store: a thread never pairs one catalog with another's pages.
        self._held: tuple[Catalog | None, Texts | None, dict] = (None, None, {})

    def for_catalog(self, catalog: Catalog, texts: Texts) -> dict:
        held = self._held
        if held[0] is not catalog or held[1] is not texts:
            held = self._held = (catalog, texts, {})
        return held[2]
