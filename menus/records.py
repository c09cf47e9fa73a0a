"""What the engine may ask about applications: a read-only port the shell implements over SQL."""

from dataclasses import dataclass
from typing import Protocol

from .catalog import Text


@dataclass(frozen=True)
class Summary:
    """An application as a resident may see it. `own` is True when asked from the phone that
    applied; only then are details beyond service and status shown."""

    code: str
    service_key: str
    status: str
    own: bool
    missing: tuple[Text, ...] = ()
    ready_on: str = ""  # "28-11-2026"


class Records(Protocol):
    def recent(self, phone: str) -> list[Summary]:
        """This phone's latest applications, newest first (at most three)."""
        ...

    def find(self, code: str, phone: str) -> Summary | None:
        """The application with this code, seen from `phone`."""
        ...


class NoRecords:
    """Records for a menu without a database (the catalog check, the tree walk)."""

    def recent(self, phone: str) -> list[Summary]:
        return []

    def find(self, code: str, phone: str) -> Summary | None:
        return None
