"""The USSD screens a catalog makes, as a resident would page through them: the welcome, the
services list and every page of each service's requirements, in one language, with their lengths.
The console shows them before a catalog is published."""

from dataclasses import dataclass

from .catalog import Catalog
from .engine import MORE, handle, start
from .gsm7 import septets
from .texts import Texts
from .view import Context


@dataclass(frozen=True)
class Screen:
    """One screen: what leads to it (the keys typed after dialling), its text and its length."""

    keys: str
    text: str

    @property
    def length(self) -> int:
        return septets(self.text)


def preview(catalog: Catalog, texts: Texts, lang: str) -> list[Screen]:
    """Return the welcome, every page of the services list and every page of each requirements list."""
    ctx = Context(catalog, texts, lang=lang)
    root = start(ctx)
    screens = [Screen("", root.screen)]
    first = handle(root.state, "1", ctx)
    screens += _pages(first, ["1"], ctx)
    for number in range(1, len(catalog.services) + 1):
        # The list's own pages hold the later numbers, but any number is taken on any page.
        screens += _pages(handle(first.state, str(number), ctx), ["1", str(number)], ctx)
    return screens


def _pages(reply, keys: list[str], ctx: Context) -> list[Screen]:
    pages = [Screen("*".join(keys), reply.screen)]
    while not reply.ends and f"{MORE}." in reply.screen and len(pages) < 20:
        reply = handle(reply.state, MORE, ctx)
        keys = [*keys, MORE]
        pages.append(Screen("*".join(keys), reply.screen))
    return pages
