"""Times as the office reads them: every timestamp is stored in UTC and shown in the office's
TIMEZONE, through one helper (and the console's `local` Jinja filter), so no page shows UTC."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

MINUTE = "%d-%m-%Y %H:%M"
SECOND = "%d-%m-%Y %H:%M:%S"


def in_zone(value: datetime, timezone: str) -> datetime:
    """The aware UTC timestamp `value` as a wall-clock time in `timezone`."""
    return value.astimezone(ZoneInfo(timezone))


def local_text(value: datetime | None, timezone: str, fmt: str = MINUTE) -> str:
    """`value` formatted in the office's zone; "-" when there is none."""
    return in_zone(value, timezone).strftime(fmt) if value is not None else "-"


def office_today(timezone: str, now: datetime | None = None) -> date:
    """Today's date at the office (at 06:11 WIB it is already tomorrow in UTC terms, not yesterday)."""
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).date()
