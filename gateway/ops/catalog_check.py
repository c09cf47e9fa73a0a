"""Check a catalog file before it is deployed: `python -m gateway.ops.catalog_check FILE`.

Also available as `flask --app gateway catalog check [FILE]`. The console's catalog editor runs
the same checks (menus/checks.py) on every save.
"""

import sys
from pathlib import Path

from menus.checks import check_catalog_text
from menus.resources import default_texts
from menus.screen import SCREEN_LIMIT


def check_catalog(path: Path) -> tuple[bool, str]:
    """Return (ok, report): every problem, or a summary proving every screen and SMS fits."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return False, f"{path}: cannot read: {exc}"
    checked = check_catalog_text(text, default_texts(), str(path))
    if checked.catalog is None:
        listing = "".join(f"  - {p}\n" for p in checked.problems)
        return False, f"{path}: {len(checked.problems)} problem(s) in the catalog:\n{listing}"
    return checked.ok, "".join(f"{problem}\n" for problem in checked.problems[:20]) + (
        f"{path}: {len(checked.catalog.services)} services, {checked.screens} screens in both languages, "
        f"longest {checked.longest} of {SCREEN_LIMIT} characters; SMS and WhatsApp messages checked: "
        f"{'OK' if checked.ok else 'NOT OK'}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m gateway.ops.catalog_check path/to/catalog.toml", file=sys.stderr)
        return 2
    ok, report = check_catalog(Path(argv[0]))
    print(report, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
