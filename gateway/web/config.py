"""The console's own settings: how long a log-in lasts, and how many failed log-ins an address may try."""

from dataclasses import dataclass

from limits import parse_many

from ..settings import Env


@dataclass(frozen=True)
class ConsoleConfig:
    """`idle_seconds`: a session unused this long ends. `max_seconds`: every session ends this long
    after log-in, used or not. `login_limit`: failed log-ins one address may make (the `limits` library's
    notation, e.g. "10 per minute;30 per hour"), on top of each account's lock after five failures."""

    idle_seconds: int
    max_seconds: int
    login_limit: str


def read_section(env: Env) -> ConsoleConfig:
    """Read CONSOLE_IDLE_MINUTES, CONSOLE_MAX_HOURS and LOGIN_LIMIT (Settings.section("console"))."""
    login_limit = env.text("LOGIN_LIMIT", "10 per minute;30 per hour")
    try:
        parse_many(login_limit)
    except ValueError:
        env.problem(f"LOGIN_LIMIT={login_limit!r}: must look like '10 per minute;30 per hour'")
        login_limit = "10 per minute"
    return ConsoleConfig(idle_seconds=env.number("CONSOLE_IDLE_MINUTES", 60, 5, 24 * 60) * 60,
                         max_seconds=env.number("CONSOLE_MAX_HOURS", 10, 1, 24) * 3600,
                         login_limit=login_limit)
