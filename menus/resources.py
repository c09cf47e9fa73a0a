"""Read the data files that ship inside the menus package (the default catalog and texts)."""

from importlib import resources

from .catalog import Catalog, parse_catalog
from .texts import Texts, parse_texts


def packaged(name: str) -> str:
    """Return the text of a data file shipped in this package; it never changes at run time."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def default_texts() -> Texts:
    """Return the resident-facing texts shipped with Sapa."""
    return parse_texts(packaged("texts.toml"), "menus/texts.toml")


def default_catalog() -> Catalog:
    """Return the default kelurahan catalog shipped with Sapa."""
    return parse_catalog(packaged("catalog.toml"), "menus/catalog.toml")
