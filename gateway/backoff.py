"""Call again, with growing waits, what failed because Redis or the database was out of reach.

Workers use it so that a lost connection inside a job is waited out, not fatal. The web side never
waits: a USSD hop has about ten seconds, and a polite screen beats a late one.
"""

import logging
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from .errors import REDIS_DOWN

T = TypeVar("T")
FIRST_WAIT, LONGEST_WAIT = 0.5, 8.0
log = logging.getLogger(__name__)


def out_of_reach(exc: BaseException) -> bool:
    """True for a lost Redis or a lost (or locked, or read-only) database: worth waiting out."""
    if isinstance(exc, (*REDIS_DOWN, OperationalError)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def waits(budget: float, first: float = FIRST_WAIT, longest: float = LONGEST_WAIT) -> Iterator[float]:
    """The waits between tries, doubling up to `longest`, adding up to at most `budget` seconds
    (endless when the budget is infinite)."""
    spent, wait = 0.0, first
    while spent + wait <= budget:
        yield wait
        spent, wait = spent + wait, min(wait * 2, longest)


def patiently(call: Callable[[], T], what: str, budget: float = 60.0,
              sleep: Callable[[float], None] = time.sleep) -> T:
    """Return call(); while Redis or the database is out of reach, wait and try again for about
    `budget` seconds, then let the last error through."""
    for wait in waits(budget):
        try:
            return call()
        except Exception as exc:
            if not out_of_reach(exc):
                raise
            log.warning("%s: %s; trying again in %.1f s", what, type(exc).__name__, wait)
        sleep(wait)
    return call()
