"""Decide when a non-urgent message may go out, given the office's quiet hours."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def quiet_until(now: datetime, quiet_hours: tuple[int, int] | None, timezone: str) -> datetime | None:
    """Return when quiet hours end if `now` (aware) falls inside them, else None.

    Quiet hours are minutes after local midnight, (start, end); a window may cross midnight.
    """
    if quiet_hours is None:
        return None
    start, end = quiet_hours
    local = now.astimezone(ZoneInfo(timezone))
    minute = local.hour * 60 + local.minute
    inside = start <= minute < end if start <= end else (minute >= start or minute < end)
    if not inside:
        return None
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    ends = midnight + timedelta(minutes=end)
    if ends <= local:
        ends += timedelta(days=1)
    return ends
