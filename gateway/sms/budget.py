"""The office's daily SMS budget: broadcasts wait for tomorrow once today's is spent."""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..services import Services
from ..store.messages import BUDGET_WAITING, OutboundSms


def defer_when_spent(services: Services, session: Session, message_ids: list[int], segments: int,
                     now: datetime) -> datetime | None:
    """Take `segments` of today's budget for these broadcast messages; when it is spent, mark them
    to wait for the next day and return when that is (the caller schedules its job), else None."""
    if not message_ids or services.counters.take_budget(segments, now):
        return None
    until = services.counters.next_day(now)
    session.execute(update(OutboundSms).where(OutboundSms.id.in_(message_ids))
                    .values(send_after=until, last_error=BUDGET_WAITING)
                    .execution_options(synchronize_session=False))
    return until
