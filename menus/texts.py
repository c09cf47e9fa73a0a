"""Load the resident-facing texts and look them up by language and key."""

import string
import tomllib
from dataclasses import dataclass

from .catalog import DEFAULT_LANGUAGE, LANGUAGES
from .errors import CatalogError
from .gsm7 import is_gsm7, septets


@dataclass(frozen=True)
class Texts:
    """Every resident-facing line, by language then key."""

    by_lang: dict[str, dict[str, str]]

    def __call__(self, lang: str, key: str, **values: str) -> str:
        """Return the text `key` in `lang`, with its placeholders filled in."""
        template = self.by_lang.get(lang, self.by_lang[DEFAULT_LANGUAGE])[key]
        return template.format(**values) if values else template

    def longest(self, keys: tuple[str, ...]) -> int:
        """Return the most GSM-7 septets any of `keys` takes in any language."""
        # Remembered per key set: the engine asks on every screen, and texts never change.
        remembered = self.__dict__.setdefault("_longest", {})
        if keys not in remembered:
            remembered[keys] = max(septets(self(lang, key)) for lang in self.by_lang for key in keys)
        return remembered[keys]


def parse_texts(text: str, source: str = "texts") -> Texts:
    """Parse the TOML texts file; raise CatalogError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(source, [f"not valid TOML: {exc}"]) from None
    problems = []
    tables = {lang: data.get(lang) for lang in LANGUAGES}
    for lang, table in tables.items():
        if not isinstance(table, dict):
            problems.append(f"[{lang}]: missing")
    if problems:
        raise CatalogError(source, problems)
    keys = set(tables["id"]) | set(tables["en"])
    for key in sorted(keys):
        values = {lang: tables[lang].get(key) for lang in LANGUAGES}
        for lang, value in values.items():
            if not isinstance(value, str) or not value:
                problems.append(f"[{lang}].{key}: missing")
            elif not is_gsm7(value):
                problems.append(f"[{lang}].{key}: not GSM-7")
        if all(isinstance(v, str) for v in values.values()):
            fields = {lang: _placeholders(v) for lang, v in values.items()}
            if fields["id"] != fields["en"]:
                problems.append(f"{key}: placeholders differ between languages: {fields}")
    if problems:
        raise CatalogError(source, problems)
    return Texts({lang: dict(tables[lang]) for lang in LANGUAGES})


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
