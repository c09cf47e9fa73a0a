"""Turn the editor's forms into catalog data (the shape parse_catalog reads), and back.

Texts are tidied on the way in: spaces collapsed, and characters pasted from a word processor
(curly quotes, dashes) turned into their plain look-alikes, so what is stored is what residents
read. A character with no look-alike (an emoji) is kept, so the checks name its field.
"""

import re

from werkzeug.datastructures import MultiDict

from menus.catalog import KEY_PATTERN, LANGUAGES
from menus.gsm7 import is_gsm7, to_gsm7

OFFICE_PLAIN = ("name", "address", "contact", "ussd_code")
SERVICE_TEXTS = ("short", "name", "processing", "fee", "notes")
REQUIREMENTS_MAX = 30  # lines a form may send per language; the checks judge what is sensible


def tidy(value: str) -> str:
    """One line, single spaces, plain look-alikes for word-processor characters."""
    line = " ".join(value.split())
    return "".join(to_gsm7(ch) if not is_gsm7(ch) and to_gsm7(ch) != "?" else ch for ch in line)


def office_from_form(form: MultiDict) -> dict:
    office = {field: tidy(form.get(field, "")) for field in OFFICE_PLAIN}
    office["hours"] = {lang: tidy(form.get(f"hours_{lang}", "")) for lang in LANGUAGES}
    return office


def service_from_form(form: MultiDict, key: str) -> dict:
    """The service as the form gives it; notes are left out when empty in both languages."""
    service: dict = {"key": key}
    for field in SERVICE_TEXTS:
        values = {lang: tidy(form.get(f"{field}_{lang}", "")) for lang in LANGUAGES}
        if field != "notes" or any(values.values()):
            service[field] = values
    service["requirements"] = {lang: requirement_lines(form.get(f"requirements_{lang}", ""))
                               for lang in LANGUAGES}
    order = ("key", "short", "name", "requirements", "processing", "fee", "notes")
    return {field: service[field] for field in order if field in service}


def requirement_lines(raw: str) -> list[str]:
    """One document a line; blank lines and list marks ("- ", "1. ") dropped."""
    lines = (re.sub(r"^\s*(?:[-*\u2022]|\d+[.)])\s*", "", line) for line in raw.splitlines())
    return [tidy(line) for line in lines if line.strip()][:REQUIREMENTS_MAX]


def new_key(raw: str, taken: list[str]) -> tuple[str, str | None]:
    """A key for a new service, or the console text naming why it cannot be."""
    key = raw.strip().lower()
    if not KEY_PATTERN.match(key) or key == "new":  # "new" is the add-a-service page
        return key, "catalog_bad_key"
    if key in taken:
        return key, "catalog_key_taken"
    return key, None


def form_values(service: dict) -> dict:
    """The form's fields for a service held as data (what the edit page shows)."""
    values = {"key": service.get("key", "")}
    for field in SERVICE_TEXTS:
        text = service.get(field, {})
        for lang in LANGUAGES:
            values[f"{field}_{lang}"] = text.get(lang, "") if isinstance(text, dict) else ""
    requirements = service.get("requirements", {})
    for lang in LANGUAGES:
        items = requirements.get(lang, []) if isinstance(requirements, dict) else []
        values[f"requirements_{lang}"] = "\n".join(str(item) for item in items)
    return values
