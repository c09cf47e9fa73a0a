"""The catalog in force: read and checked from its file (the seed), kept as published versions in
SQL (versions.py), and swapped into every process soon after a publish (source.py)."""

from .source import VERSION_KEY, CatalogSource, load_catalog
from .versions import CatalogVersion

__all__ = ["VERSION_KEY", "CatalogSource", "CatalogVersion", "load_catalog"]
