"""Write a catalog as TOML in the seed file's own layout (dotted keys, one service a table), so an
export from the console reads like menus/catalog.toml and parses back to the same catalog."""

import re

from .catalog import LANGUAGES, Catalog, Text

HEADER = """\
# Sapa service catalog, exported from the staff console. It is also the seed format: a new
# installation reads it from CATALOG_PATH; `flask --app gateway catalog check FILE` checks it.
# Rules: every text in both languages (.id and .en), GSM-7 characters only, `short` at most 18
# characters (the menu label), one line per text. Services appear in the USSD menu in this order.
"""
OFFICE_FIELDS = ("name", "address", "hours", "contact", "ussd_code")
SERVICE_FIELDS = ("key", "short", "name", "requirements", "processing", "fee", "notes")
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def write_catalog(data: dict, header: str = HEADER) -> str:
    """Return TOML for catalog data shaped as parse_catalog reads it: {"office": {...}, "service": [...]}.
    Known fields come first in the seed's order; anything else follows, so nothing is dropped."""
    parts = [header, "\n[office]\n", _table(data.get("office", {}), OFFICE_FIELDS)]
    for service in data.get("service", []):
        parts += ["\n[[service]]\n", _table(service, SERVICE_FIELDS)]
    return "".join(parts)


def catalog_data(catalog: Catalog) -> dict:
    """Return a parsed catalog as the data write_catalog takes."""
    o = catalog.office
    office = {"name": o.name, "address": o.address, "hours": _text(o.hours), "contact": o.contact,
              "ussd_code": o.ussd_code}
    services = []
    for s in catalog.services:
        service = {"key": s.key, "short": _text(s.short), "name": _text(s.name),
                   "requirements": {lang: [doc(lang) for doc in s.requirements] for lang in LANGUAGES},
                   "processing": _text(s.processing), "fee": _text(s.fee)}
        if s.notes:
            service["notes"] = _text(s.notes)
        services.append(service)
    return {"office": office, "service": services}


def toml_string(value: str) -> str:
    """Quote a string as a TOML basic string: backslash, quote and control characters escaped."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _text(text: Text) -> dict:
    return {lang: text(lang) for lang in LANGUAGES}


def _table(table: dict, order: tuple[str, ...]) -> str:
    keys = [k for k in order if k in table] + sorted(k for k in table if k not in order)
    lines = []
    for key in keys:
        value = table[key]
        if isinstance(value, dict):
            lines += [f"{_key(key)}.{_key(sub)} = {_value(v)}" for sub, v in value.items()]
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    return "".join(f"{line}\n" for line in lines)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    return toml_string(str(value))


def _key(key: str) -> str:
    return key if BARE_KEY.match(key) else toml_string(key)
