"""Read an SMS keyword and its argument, tolerating case, spacing and small typos."""

import difflib
import re
from dataclasses import dataclass

# Every keyword a resident may text, in both languages, and the command it means.
KEYWORDS = {
    "INFO": "info", "LAYANAN": "info", "SERVICES": "info",
    "SYARAT": "requirements", "REQ": "requirements", "REQUIREMENTS": "requirements",
    "BANTUAN": "help", "HELP": "help", "TOLONG": "help",
    "BERHENTI": "stop", "STOP": "stop", "UNREG": "stop",
    "MULAI": "start", "START": "start",
    "BAHASA": "language", "LANGUAGE": "language",
    "STATUS": "status", "CEK": "status",
    "BATAL": "cancel", "CANCEL": "cancel",
    "DAFTAR": "apply", "APPLY": "apply",
    "DATA": "data", "DATAKU": "data", "PRIVASI": "data", "PRIVACY": "data", "MYDATA": "data",
}
# DATA <word>: what the resident wants done with their data (UU 27/2022); anything else is "see it".
DATA_WORDS = {
    "HAPUS": "erase", "HAPUSKAN": "erase", "DELETE": "erase", "ERASE": "erase", "REMOVE": "erase",
    "UBAH": "correct", "PERBAIKI": "correct", "BETULKAN": "correct", "GANTI": "correct",
    "CORRECT": "correct", "FIX": "correct", "UPDATE": "correct", "CHANGE": "correct",
}
FUZZY_CUTOFF = 0.8  # "SYRAT"->SYARAT (0.91), "STP"->STOP (0.86); "STATUS"->START is 0.73: refused


@dataclass(frozen=True)
class Command:
    """What an SMS asks for: a command name ("unknown" when nothing matched) and its argument."""

    name: str
    arg: str = ""


def read_command(text: str) -> Command:
    """Return the command in an SMS: "syarat 1", "SYARAT1", " Syrat  domisili ", "stop"."""
    words = re.sub(r"[^0-9A-Za-z]+", " ", text).upper().split()
    if not words:
        return Command("help")
    first, rest = words[0], words[1:]
    glued = re.fullmatch(r"([A-Z]{3,}?)(\d+)", first)  # "SYARAT1": the space was forgotten
    if glued:
        first, rest = glued.group(1), [glued.group(2), *rest]
    name = KEYWORDS.get(first)
    if name is None and len(first) >= 3:
        close = difflib.get_close_matches(first, KEYWORDS, n=1, cutoff=FUZZY_CUTOFF)
        name = KEYWORDS[close[0]] if close else None
    return Command(name or "unknown", " ".join(rest)[:60])


def data_request_kind(arg: str) -> str:
    """"access", "correct" or "erase" for the words after DATA ("DATA HAPUS", "data ubah")."""
    first = arg.split(" ", 1)[0].upper()
    return DATA_WORDS.get(first, "access")
