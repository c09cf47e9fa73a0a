"""Read what a resident types on a free-text USSD screen; say which error to show otherwise."""

import re
from collections.abc import Callable

from .codes import read_code
from .nik import nik_problem, normalise_nik

NAME = re.compile(r"^[A-Za-z][A-Za-z .,'\-]{1,49}$")


def read_name(raw: str) -> tuple[str, str | None]:
    """A name as on the KTP: letters, spaces and . , ' -; 2 to 50 characters."""
    name = " ".join(raw.split())
    return (name, None) if NAME.match(name) else ("", "error_name")


def read_nik(raw: str) -> tuple[str, str | None]:
    problem = nik_problem(raw)
    return (normalise_nik(raw), None) if problem is None else ("", f"error_nik_{problem}")


def read_rt_rw(raw: str) -> tuple[str, str | None]:
    """RT/RW as "003/007", from "3/7", "3 7", "003-007" or "003007"."""
    numbers = re.findall(r"\d+", raw)
    if len(numbers) == 1 and len(numbers[0]) == 6:
        numbers = [numbers[0][:3], numbers[0][3:]]
    if len(numbers) != 2 or not all(1 <= int(n) <= 999 for n in numbers):
        return "", "error_rt_rw"
    return f"{int(numbers[0]):03d}/{int(numbers[1]):03d}", None


def read_tracking_code(raw: str) -> tuple[str, str | None]:
    code = read_code(raw)
    return (code, None) if code else ("", "error_code")


READERS: dict[str, Callable[[str], tuple[str, str | None]]] = {
    "name": read_name, "nik": read_nik, "rt_rw": read_rt_rw, "code": read_tracking_code,
}
ERROR_KEYS = ("error_name", "error_nik_digits", "error_nik_region", "error_nik_date", "error_nik_serial",
              "error_rt_rw", "error_code")
