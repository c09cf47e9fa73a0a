"""Every console page shows times in the office's TIMEZONE (WIB here), never UTC: timestamps stored
on both sides of the office's midnight are shown on the right day on every page that shows them."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.store.applications import Application, StatusChange
from gateway.store.messages import OutboundSms, record_message
from gateway.store.staff import AuditEntry
from gateway.web.times import office_today
from tests.support.residents import apply_by_ussd
from tests.support.staff import post_form, signed_in

CASES = [  # stored (UTC), shown at the office (WIB, UTC+7)
    (datetime(2026, 11, 28, 23, 30, tzinfo=UTC), "29-11-2026 06:30"),
    (datetime(2026, 11, 28, 16, 59, tzinfo=UTC), "28-11-2026 23:59"),
    (datetime(2026, 11, 28, 17, 1, tzinfo=UTC), "29-11-2026 00:01"),
]


def stamp(database, code: str, at: datetime) -> None:
    """Put the application, its history, its SMS and the access log at `at`."""
    with Session(database) as db, db.begin():
        application = db.scalar(select(Application).where(Application.code == code))
        application.created_at = at
        db.execute(update(StatusChange).where(StatusChange.application_id == application.id).values(at=at))
        db.execute(update(OutboundSms).values(created_at=at))
        db.execute(update(AuditEntry).values(at=at))


@pytest.mark.parametrize(("stored", "shown"), CASES)
def test_every_page_that_shows_a_time_shows_it_in_wib(app, database, stored, shown):
    code = apply_by_ussd(app)
    with Session(database) as db, db.begin():
        record_message(db, "+6281234567891", "Halo", "notice", "times-test")
    admin = signed_in(app, "admin")
    admin.get(f"/staff/applications/{code}")
    stamp(database, code, stored)
    utc_text = stored.strftime("%d-%m-%Y %H:%M")
    pages = {"queue": admin.get("/staff/").text, "application": admin.get(f"/staff/applications/{code}").text,
             "receipt": admin.get(f"/staff/counter/receipt/{code}").text,
             "messages": admin.get("/staff/messages").text, "audit": admin.get("/staff/admin/audit").text}
    for name, html in pages.items():
        assert shown in html, name
        assert utc_text not in html, name
    export = post_form(admin, "/staff/export", {"format": "csv"}).data.decode("utf-8-sig")
    assert shown in export and utc_text not in export


def test_the_summary_and_the_sessions_page_say_when_in_wib(app):
    admin = signed_in(app, "admin")
    now = datetime.now(UTC)
    wib, utc = (now.astimezone(ZoneInfo(zone)).strftime("%d-%m-%Y %H:") for zone in ("Asia/Jakarta", "UTC"))
    for path in ("/staff/summary", "/staff/report", "/staff/admin/sessions"):
        html = admin.get(path).text
        assert wib in html and utc not in html, path


def test_the_office_date_turns_at_the_office_midnight():
    assert office_today("Asia/Jakarta", datetime(2026, 11, 28, 16, 59, tzinfo=UTC)).day == 28
    assert office_today("Asia/Jakarta", datetime(2026, 11, 28, 17, 1, tzinfo=UTC)).day == 29
