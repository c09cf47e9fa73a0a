"""Read the office's catalog file and check every SMS it produces."""

from pathlib import Path

from menus import Catalog, CatalogError, Texts, parse_catalog
from menus.limits import sms_problems


def load_catalog(path: Path, texts: Texts) -> Catalog:
    """Read and validate a catalog file and every SMS it produces; CatalogError names the file,
    the service and the field."""
    catalog = parse_catalog(path.read_text(encoding="utf-8"), str(path))
    problems = sms_problems(catalog, texts)
    if problems:
        raise CatalogError(str(path), problems)
    return catalog
