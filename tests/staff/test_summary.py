"""The lurah's summary: the month's numbers from a few aggregate queries (the same few for ten rows
or a thousand), in the office's weeks and months, and its charts drawn on the server."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.reports import parse_cost, summarise
from tests.support.applications import add_application, add_session_end, add_sms
from tests.support.counting import record_statements
from tests.support.staff import log_in, make_staff, signed_in

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # Wednesday 10:00 WIB


def fill(app, database):
    vault, at = services_of(app).vault, lambda *args: datetime(2026, *args, tzinfo=UTC)
    with Session(database) as db, db.begin():
        add_application(db, vault, 1, "domisili", "diterima", at(11, 24, 2))  # 1 working day: late
        add_application(db, vault, 2, "domisili", "diperiksa", at(11, 25, 1))  # today: in time
        add_application(db, vault, 3, "pindah", "lengkap", at(11, 21, 3))  # "1-3 hari kerja": in time
        add_application(db, vault, 4, "sktm", "siap_diambil", at(11, 10, 3), ready_on=date(2026, 11, 24))
        add_application(db, vault, 5, "sktm", "siap_diambil", at(11, 10, 4), ready_on=date(2026, 11, 26))
        add_application(db, vault, 6, "sktm", "selesai", at(10, 15, 3))  # last month
        add_application(db, vault, 7, "sktm", "kurang_berkas", at(11, 2, 3))  # the resident's turn: not late
        add_application(db, vault, 8, "domisili", "diterima", at(10, 31, 17, 30))  # 1 Nov 00:30 WIB
        for n in range(3):
            add_sms(db, n, "sent", at(11, 20, 3), cost="IDR 350.0000")
        add_sms(db, 3, "delivered", at(11, 20, 3))  # the provider gave no cost
        add_sms(db, 4, "failed", at(11, 20, 3))
        add_sms(db, 5, "sent", at(10, 20, 3), cost="IDR 350.0000")  # last month
        add_sms(db, 6, "delivered", at(11, 20, 3), cost="0")  # free
        ends = [("Success", 4), ("Success", 4), ("Incomplete", 2), ("Incomplete", 2), ("Incomplete", 2),
                ("Failed", 3), ("Incomplete", None)]
        for n, (status, hops) in enumerate(ends):
            add_session_end(db, n, status, hops, at(11, 20, 3))
        add_session_end(db, 99, "Incomplete", 5, at(10, 20, 3))  # last month


def test_the_month_is_counted_as_the_office_sees_it(app, database):
    fill(app, database)
    with Session(database) as db:
        s = summarise(db, services_of(app).catalog, date(2026, 11, 1), "Asia/Jakarta", NOW)
    assert s.by_status == {"diterima": 2, "diperiksa": 1, "lengkap": 1, "siap_diambil": 2, "selesai": 1,
                           "kurang_berkas": 1}
    assert s.by_service == {"domisili": 3, "pindah": 1, "sktm": 3}  # no. 8 is 1 November at the office
    assert (s.new_month, s.new_week) == (7, 3)
    assert s.late == 2  # no. 1 and no. 8 (domisili, a day's promise); not no. 7 (waiting on the resident)
    assert (s.ready, s.ready_overdue) == (2, 1)
    assert s.weeks[-1] == (date(2026, 11, 23), 2) and s.weeks[-2] == (date(2026, 11, 16), 1)
    assert dict(s.weeks)[date(2026, 11, 9)] == 2 and len(s.weeks) == 8
    assert s.sms == {"sent": 3, "delivered": 2, "failed": 1}
    assert s.sms_cost == {"IDR": Decimal("1050")} and s.sms_cost_unknown == 1
    assert s.ussd == {"Success": 2, "Incomplete": 4, "Failed": 1}
    assert s.drop_offs == [(2, 3), (3, 1)]
    with Session(database) as db:
        october = summarise(db, services_of(app).catalog, date(2026, 10, 1), "Asia/Jakarta", NOW)
    assert october.by_service == {"sktm": 1} and october.sms == {"sent": 1} and october.drop_offs == [(5, 1)]


def test_costs_are_read_as_the_provider_writes_them():
    assert parse_cost("IDR 350.0000") == ("IDR", Decimal("350.0000"))
    assert parse_cost("0") == ("", Decimal(0))
    assert parse_cost("") is None and parse_cost("banyak") is None and parse_cost("IDR x") is None


def test_the_summary_page_draws_its_charts_and_says_what_is_unknown(app, database):
    fill(app, database)
    page = signed_in(app, "admin").get("/staff/summary?month=2026-11").text
    for chart in ("chart-status", "chart-service", "chart-weeks", "chart-sms", "chart-drop-offs"):
        assert f'id="{chart}"' in page
    assert 'data-label="Siap diambil" data-value="2"' in page
    assert 'data-label="2 layar" data-value="3"' in page
    assert "IDR 1.050" in page and "1 SMS tanpa biaya dari penyedia" in page
    assert "<script" not in page and "http" not in page.split("<main>")[1].split("</main>")[0].replace(
        'xmlns="http', "")


def test_the_summary_costs_a_few_queries_whatever_the_number_of_applications(app, database):
    admin = signed_in(app, "admin")
    statements = record_statements(app)

    def queries() -> int:
        statements.clear()
        assert admin.get("/staff/summary").status_code == 200
        return len(statements)

    fill(app, database)
    few = queries()
    vault, start = services_of(app).vault, datetime.now(UTC)
    with Session(database) as db, db.begin():
        for n in range(100, 700):
            add_application(db, vault, n, ["domisili", "sktm", "pindah"][n % 3], "diterima",
                            start - timedelta(hours=n))
            add_sms(db, n, "sent", start - timedelta(hours=n), cost="IDR 350.0000")
            add_session_end(db, n, "Incomplete", n % 6, start - timedelta(hours=n))
    assert queries() == few <= 12


def test_the_login_takes_the_lurah_to_the_summary_and_the_desk_to_the_queue(app):
    make_staff(app, "lurah", "admin")
    make_staff(app, "desk", "petugas")
    assert log_in(app.test_client(), "lurah").headers["Location"].endswith("/staff/summary")
    assert log_in(app.test_client(), "desk").headers["Location"].endswith("/staff/")
