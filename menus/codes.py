"""Tracking codes such as DB-7K2Q9: short, unguessable, no look-alike characters."""

import re

# No 0/O, 1/I/L: a code read aloud or typed on a keypad cannot be mistaken.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE = re.compile(rf"^[{ALPHABET}]{{2}}-[{ALPHABET}]{{5}}$")


def format_code(symbols: str) -> str:
    """Turn seven alphabet symbols (the shell draws them at random) into XX-XXXXX."""
    return f"{symbols[:2]}-{symbols[2:7]}"


def read_code(raw: str) -> str | None:
    """Return the code a resident typed ("db 7k2q9", "DB7K2Q9", "db-7k2q9"), or None."""
    compact = re.sub(r"[^0-9A-Za-z]", "", raw).upper()
    if len(compact) != 7:
        return None
    code = format_code(compact)
    return code if CODE.match(code) else None
