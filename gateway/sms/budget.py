"""The office's daily SMS budget: broadcasts wait for tomorrow once today's is spent."""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..services import Services
from ..store.messages import BUDGET_WAITING, OutboundSms


def defer_when_spent(services: Services, session: Session, messages: list[OutboundSms],
                     now: datetime) -> datetime | None:
    """Take the budget for these broadcast messages; when it is spent, mark them to wait for the
    next day and return when that is (the caller schedules its job then), else None."""
    segments = sum(m.segments for m in messages)
    if not messages or services.counters.take_budget(segments, now):
        return None
    until = services.counters.next_day(now)
    session.execute(update(OutboundSms).where(OutboundSms.id.in_([m.id for m in messages]))
                    .values(send_after=until, last_error=BUDGET_WAITING))
    return until
