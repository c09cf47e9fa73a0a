"""Parse and validate the service catalog: the office and its services, in both languages."""

import re
import tomllib
from dataclasses import dataclass

from .errors import CatalogError
from .gsm7 import is_gsm7, to_gsm7

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"  # a phone that never chose, and every fallback
SHORT_NAME_MAX = 18  # a menu line "12.<short>" must leave room for eight services on one screen
LINE_MAX = 120  # one requirement or office line; longer ones read badly on a feature phone
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,30}$")


@dataclass(frozen=True)
class Text:
    """A text in Bahasa Indonesia and English."""

    id: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


@dataclass(frozen=True)
class Office:
    """The kelurahan office residents are dealing with."""

    name: str
    address: str
    hours: Text
    contact: str
    ussd_code: str


@dataclass(frozen=True)
class Service:
    """One service the office offers, with the documents a resident must bring."""

    key: str
    short: Text
    name: Text
    requirements: tuple[Text, ...]
    processing: Text
    fee: Text
    notes: Text | None


@dataclass(frozen=True)
class Catalog:
    """The office and its services in menu order."""

    office: Office
    services: tuple[Service, ...]

    def service(self, key: str) -> Service | None:
        """Return the service with this key, or None."""
        return next((s for s in self.services if s.key == key), None)


def parse_catalog(text: str, source: str = "catalog") -> Catalog:
    """Parse TOML catalog text; raise CatalogError listing every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(source, [f"not valid TOML: {exc}"]) from None
    problems: list[str] = []
    office = _office(data.get("office"), problems)
    raw_services = data.get("service")
    if not isinstance(raw_services, list) or not raw_services:
        problems.append("[[service]]: at least one service is needed")
        raw_services = []
    services = [_service(i, raw, problems) for i, raw in enumerate(raw_services, start=1)]
    keys = [s.key for s in services if s]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"service '{key}': key is used more than once")
    if len(raw_services) > 97:
        problems.append("[[service]]: at most 97 services (98 is 'more' on every screen)")
    if problems:
        raise CatalogError(source, problems)
    return Catalog(office=office, services=tuple(services))


class _Fields:
    """Reads typed fields of one table, recording a problem per missing or wrong field."""

    def __init__(self, where: str, raw: object, problems: list[str]):
        self.where, self.problems = where, problems
        self.raw = raw if isinstance(raw, dict) else {}
        if not isinstance(raw, dict):
            problems.append(f"{where}: missing or not a table")

    def plain(self, field: str, max_len: int = LINE_MAX) -> str:
        value = self.raw.get(field)
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{self.where}.{field}: required text is missing")
            return ""
        return self._checked(field, value.strip(), max_len)

    def text(self, field: str, max_len: int = LINE_MAX, required: bool = True) -> Text | None:
        value = self.raw.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.problems.append(f"{self.where}.{field}: needs both {field}.id and {field}.en")
            return Text("", "")
        parts = [self._lang(f"{field}.{lang}", value.get(lang), max_len) for lang in LANGUAGES]
        return Text(*parts)

    def text_list(self, field: str) -> tuple[Text, ...]:
        value = self.raw.get(field)
        lists = value if isinstance(value, dict) else {}
        by_lang = [lists.get(lang) for lang in LANGUAGES]
        if not all(isinstance(items, list) and items for items in by_lang):
            self.problems.append(f"{self.where}.{field}: needs non-empty lists {field}.id and {field}.en")
            return ()
        if len(by_lang[0]) != len(by_lang[1]):
            self.problems.append(
                f"{self.where}.{field}: {field}.id has {len(by_lang[0])} items but "
                f"{field}.en has {len(by_lang[1])}; each document needs both languages")
            return ()
        return tuple(
            Text(self._lang(f"{field}.id[{n}]", a, LINE_MAX), self._lang(f"{field}.en[{n}]", b, LINE_MAX))
            for n, (a, b) in enumerate(zip(*by_lang, strict=True), start=1))

    def _lang(self, field: str, value: object, max_len: int) -> str:
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{self.where}.{field}: required text is missing")
            return ""
        return self._checked(field, value.strip(), max_len)

    def _checked(self, field: str, value: str, max_len: int) -> str:
        # Curly quotes, dashes and accents from a word processor become their GSM-7 look-alikes;
        # what has none (emoji) is refused, since it would make every SMS cost twice as much.
        bad = "".join(sorted({ch for ch in value if not is_gsm7(ch) and to_gsm7(ch) == "?"}))
        if bad:
            self.problems.append(
                f"{self.where}.{field}: characters {bad!r} are not GSM-7 (they would make every SMS "
                "cost more than twice as much) and have no plain look-alike; remove them")
        value = to_gsm7(value)
        if len(value) > max_len:
            self.problems.append(f"{self.where}.{field}: {len(value)} characters, at most {max_len}")
        if "\n" in value or "\r" in value:
            self.problems.append(f"{self.where}.{field}: must be a single line")
        return value


def _office(raw: object, problems: list[str]) -> Office:
    f = _Fields("[office]", raw, problems)
    return Office(
        name=f.plain("name", 40), address=f.plain("address"), hours=f.text("hours"),
        contact=f.plain("contact", 40), ussd_code=f.plain("ussd_code", 20))


def _service(index: int, raw: object, problems: list[str]) -> Service:
    key = raw.get("key") if isinstance(raw, dict) else None
    where = f"service {index}" + (f" '{key}'" if isinstance(key, str) else "")
    f = _Fields(where, raw, problems)
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(f"{where}.key: needs a short key of lower-case letters, digits and '-'")
    return Service(
        key=key if isinstance(key, str) else "", short=f.text("short", SHORT_NAME_MAX),
        name=f.text("name", 60), requirements=f.text_list("requirements"),
        processing=f.text("processing", 60), fee=f.text("fee", 60),
        notes=f.text("notes", required=False))
