"""Check a catalog file before it is deployed: `python -m gateway.ops.catalog_check FILE`.

Also available as `flask --app gateway catalog check [FILE]`.
"""

import sys
from pathlib import Path

from menus import CatalogError, Context
from menus.chat_limits import chat_problems
from menus.gsm7 import septets
from menus.resources import default_texts
from menus.walk import walk

from ..store.catalog import load_catalog


def check_catalog(path: Path) -> tuple[bool, str]:
    """Return (ok, report): every problem, or a summary proving every screen and SMS fits."""
    texts = default_texts()
    try:
        catalog = load_catalog(path, texts)
    except (OSError, UnicodeDecodeError) as exc:
        return False, f"{path}: cannot read: {exc}"
    except CatalogError as exc:
        return False, str(exc)
    longest, screens = 0, 0
    for lang in ("id", "en"):
        for _, reply in walk(Context(catalog, texts, lang=lang)):
            screens += 1
            longest = max(longest, septets(reply.screen))
    fits = longest <= 160
    chats = chat_problems(catalog, texts)  # the same screens as WhatsApp messages, within Meta's limits
    ok = fits and not chats
    return ok, "".join(f"{problem}\n" for problem in chats[:20]) + (
        f"{path}: {len(catalog.services)} services, {screens} screens in both languages, longest "
        f"{longest} of 160 characters; WhatsApp messages {'within' if not chats else 'OVER'} Meta's limits: "
        f"{'OK' if ok else 'TOO LONG'}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m gateway.ops.catalog_check path/to/catalog.toml", file=sys.stderr)
        return 2
    ok, report = check_catalog(Path(argv[0]))
    print(report, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
