"""The month in numbers: applications by status and service, new this week, late, waiting to be
collected; SMS by status with their cost; USSD sessions and where residents left the menu.

Six aggregate queries whatever the number of rows; months and weeks are the office's (TIMEZONE).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from menus import Catalog
from menus.lifecycle import Status

from ..applications import Application
from ..messages import OutboundSms
from ..ussd_ends import UssdSessionEnd

WEEKS = 8  # the trend chart's span
IN_PROCESS = (Status.RECEIVED, Status.REVIEW, Status.VERIFIED)  # the office's turn, not the resident's
SUCCESS = "Success"  # Africa's Talking's end status for a session the menu ended itself


@dataclass
class Summary:
    """One month's numbers (and the state of the queue now, for the counts by status)."""

    month: date  # its first day
    now: datetime
    by_status: dict[str, int] = field(default_factory=dict)  # every application, by its status now
    by_service: dict[str, int] = field(default_factory=dict)  # made in the month
    new_month: int = 0
    new_week: int = 0  # the last seven days
    late: int = 0  # still with the office after the catalog's promised working days
    ready: int = 0  # ready to collect, not collected
    ready_overdue: int = 0  # ... and their pickup date has passed
    weeks: list[tuple[date, int]] = field(default_factory=list)  # new applications per week (Monday)
    sms: dict[str, int] = field(default_factory=dict)  # made in the month, by status
    sms_cost: dict[str, Decimal] = field(default_factory=dict)  # by currency, where the provider said
    sms_cost_unknown: int = 0  # sent (or further) with no cost given
    ussd: dict[str, int] = field(default_factory=dict)  # ended sessions by the provider's status
    drop_offs: list[tuple[int, int]] = field(default_factory=list)  # (screens seen, sessions abandoned)

    @property
    def sms_total(self) -> int:
        return sum(self.sms.values())

    @property
    def ussd_total(self) -> int:
        return sum(self.ussd.values())


def month_of(raw: str, timezone: str, now: datetime) -> date:
    """The first day of the month named "2026-11", or of this month at the office."""
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        return now.astimezone(ZoneInfo(timezone)).date().replace(day=1)


def promised_days(processing: str) -> int | None:
    """The catalog's promise as working days: the largest number in "1-3 hari kerja"."""
    numbers = [int(n) for n in re.findall(r"\d+", processing)]
    return max(numbers) if numbers else None


def working_days_before(moment: datetime, days: int, timezone: str) -> datetime:
    """`moment` minus `days` working days (Monday to Friday) at the office."""
    local = moment.astimezone(ZoneInfo(timezone))
    while days > 0:
        local -= timedelta(days=1)
        days -= local.weekday() < 5
    return local.astimezone(UTC)


def summarise(db: Session, catalog: Catalog, month: date, timezone: str, now: datetime) -> Summary:
    """Count the month starting on `month` (and the queue as it is at `now`)."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(month, time(), zone)
    end = datetime.combine((month + timedelta(days=32)).replace(day=1), time(), zone)
    today = now.astimezone(zone).date()
    summary = Summary(month=month, now=now)
    _applications(db, summary, start, end, now - timedelta(days=7))
    _late_and_ready(db, summary, catalog, timezone, now, today)
    _weeks(db, summary, today, zone)
    _messages(db, summary, start, end)
    _sessions(db, summary, start, end)
    return summary


def _applications(db, summary, start, end, week_ago):
    in_month = and_(Application.created_at >= start, Application.created_at < end)
    rows = db.execute(select(Application.service_key, Application.status, func.count(),
                             func.sum(case((in_month, 1), else_=0)),
                             func.sum(case((Application.created_at >= week_ago, 1), else_=0)))
                      .group_by(Application.service_key, Application.status))
    for service, status, count, month_count, week_count in rows:
        summary.by_status[status] = summary.by_status.get(status, 0) + count
        if month_count:
            summary.by_service[service] = summary.by_service.get(service, 0) + month_count
        summary.new_month += month_count or 0
        summary.new_week += week_count or 0


def _late_and_ready(db, summary, catalog, timezone, now, today):
    # One condition per service (a catalog has at most 97): its own promise, counted in SQL.
    overdue = [and_(Application.service_key == s.key,
                    Application.created_at < working_days_before(now, days, timezone))
               for s in catalog.services if (days := promised_days(s.processing.id)) is not None]
    late = and_(Application.status.in_(IN_PROCESS), or_(*overdue) if overdue else false())
    ready = Application.status == Status.READY
    summary.late, summary.ready, summary.ready_overdue = (value or 0 for value in db.execute(select(
        func.sum(case((late, 1), else_=0)), func.sum(case((ready, 1), else_=0)),
        func.sum(case((and_(ready, Application.ready_on < today), 1), else_=0)))).one())


def _weeks(db, summary, today, zone):
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    bounds = [datetime.combine(d, time(), zone) for d in [*starts, monday + timedelta(weeks=1)]]
    counts = db.execute(select(*(
        func.sum(case((and_(Application.created_at >= bounds[i], Application.created_at < bounds[i + 1]), 1),
                      else_=0)) for i in range(WEEKS)))).one()
    summary.weeks = [(d, count or 0) for d, count in zip(starts, counts, strict=True)]


def _messages(db, summary, start, end):
    rows = db.execute(select(OutboundSms.status, OutboundSms.cost, func.count())
                      .where(OutboundSms.created_at >= start, OutboundSms.created_at < end)
                      .group_by(OutboundSms.status, OutboundSms.cost))
    for status, cost, count in rows:
        summary.sms[status] = summary.sms.get(status, 0) + count
        if status not in ("sent", "delivered", "undelivered"):
            continue  # nothing was charged for what never reached the provider
        price = parse_cost(cost)
        if price is None:
            summary.sms_cost_unknown += count
        elif price[1]:  # a free message ("0") adds nothing, in no currency
            currency, amount = price
            summary.sms_cost[currency] = summary.sms_cost.get(currency, Decimal(0)) + amount * count


def parse_cost(cost: str) -> tuple[str, Decimal] | None:
    """A provider's cost ("IDR 350.0000", or "0" for a free message) as (currency, amount); None
    when the provider gave none or something unreadable."""
    parts = cost.split()
    try:
        if len(parts) == 2:
            return parts[0], Decimal(parts[1])
        if len(parts) == 1 and Decimal(parts[0]) == 0:
            return "", Decimal(0)
    except InvalidOperation:
        pass
    return None


def _sessions(db, summary, start, end):
    rows = db.execute(select(UssdSessionEnd.status, UssdSessionEnd.hops_count, func.count())
                      .where(UssdSessionEnd.received_at >= start, UssdSessionEnd.received_at < end)
                      .group_by(UssdSessionEnd.status, UssdSessionEnd.hops_count))
    dropped: dict[int, int] = {}
    for status, hops, count in rows:
        summary.ussd[status] = summary.ussd.get(status, 0) + count
        if status != SUCCESS and hops is not None:
            dropped[hops] = dropped.get(hops, 0) + count
    summary.drop_offs = sorted(dropped.items())
