"""Scan what the test suite logged for personal data and secrets: no NIK, no full phone number, no
configured token or key may appear in any log line (the app's, or a subprocess's log file)."""

import re
from pathlib import Path

# Whole words only: RQ names workers by random hex, whose digit runs are no NIK or phone.
NIK = re.compile(r"(?<!\w)\d{16}(?!\w)")
PHONE = re.compile(r"(?<![\w*])(?:\+?62|0)8\d{7,12}(?!\w)")  # masked ones (+628*****890) don't match
SECRET_SETTINGS = ("SECRET_KEY", "DATA_KEY", "CALLBACK_TOKEN", "AT_API_KEY", "ANDROID_GATEWAY_PASSWORD",
                   "ANDROID_GATEWAY_SIGNING_KEY", "SMPP_PASSWORD", "WHATSAPP_TOKEN", "WHATSAPP_APP_SECRET",
                   "WHATSAPP_VERIFY_TOKEN")

secrets: set[str] = set()
log_files: list[Path] = []


def remember_secrets(environ: dict) -> None:
    """Note the secret values of an environment the tests run the app with."""
    secrets.update(v for k, v in environ.items() if k in SECRET_SETTINGS and len(v) >= 8)


def remember_log(path: Path) -> None:
    """Note a log file a subprocess (gunicorn, make run) writes, to be scanned at the end."""
    log_files.append(path)


def findings(text: str, where: str) -> list[str]:
    """Say what was found and where, without repeating it."""
    found = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        kinds = [kind for kind, hit in (("a NIK", NIK.search(line)), ("a phone number", PHONE.search(line)),
                                        ("a secret", any(s in line for s in secrets))) if hit]
        found += [f"{where}:{line_no}: {kind}" for kind in kinds]
    return found


def scan(main_log: Path) -> list[str]:
    found = findings(main_log.read_text(errors="replace"), "the suite's log")
    for path in log_files:
        if path.exists():
            found += findings(path.read_text(errors="replace"), str(path))
    return found
