"""Retention (Pasal 42-44): what outlived its purpose is erased daily by the worker or on demand,
and on SQLite cleared text is gone from the database file and its WAL too."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Application, Resident, StatusChange
from gateway.store.database import scrub
from gateway.store.inbox import InboundSms
from gateway.store.messages import OutboundSms
from gateway.store.privacy import apply_retention
from gateway.store.staff import AuditEntry, audit
from gateway.store.ussd_ends import UssdSessionEnd
from tests.support.residents import apply_by_ussd
from tests.support.sms import post_incoming
from tests.support.staff import post_form, signed_in

NOW = datetime.now(UTC)
LONG_AGO = NOW - timedelta(days=400)


def age(database, model, column, when, *where) -> None:
    with Session(database) as db, db.begin():
        db.execute(update(model).where(*where).values({column: when}))


def close(admin, code: str) -> None:
    page = f"/staff/applications/{code}"
    post_form(admin, f"{page}/status", {"to": "dibatalkan", "reason": "tidak jadi"}, page)


GONE = b"Surat Keterangan Tidak Mampu"  # in the old SMS, whose text retention clears


def raw_files(database) -> bytes:
    base = database.url.database
    return b"".join(Path(base + s).read_bytes() for s in ("", "-wal") if Path(base + s).exists())


def test_closed_applications_past_the_period_lose_the_person_and_keep_the_counts(sms_app, database):
    old = apply_by_ussd(sms_app, "+6281200000001", "1", "Ani Lama", "3171014708900003")
    recent = apply_by_ussd(sms_app, "+6281200000002", "2", "Budi Baru", "2171011205880002")
    still_open = apply_by_ussd(sms_app, "+6281200000003", "3", "Citra Buka", "3171015708900004")
    admin = signed_in(sms_app, "admin")
    for code in (old, recent):
        close(admin, code)
    age(database, StatusChange, "at", LONG_AGO)  # every move of every application, long ago...
    age(database, StatusChange, "at", NOW, StatusChange.to_status == "dibatalkan",
        StatusChange.application_id.in_(select(Application.id).where(Application.code == recent)))
    report = apply_retention(database, services_of(sms_app).settings.section("privacy"), NOW)
    assert report.counts["applications"] == 1 and report.counts["residents"] == 1
    with Session(database) as db:
        rows = {a.code: a for a in db.scalars(select(Application))}
        assert (rows[old].applicant_name, rows[old].phone, rows[old].rt_rw) == ("", "", "")
        assert rows[old].status == "dibatalkan" and rows[old].service_key == "domisili"
        assert all(h.reason == "" for h in rows[old].history)
        assert rows[recent].applicant_name == "Budi Baru" and rows[still_open].applicant_name == "Citra Buka"
        names = set(db.scalars(select(Resident.name)))
    assert names == {"", "Budi Baru", "Citra Buka"}
    again = apply_retention(database, services_of(sms_app).settings.section("privacy"), NOW)
    assert again.counts["applications"] == 0  # idempotent


def test_old_texts_numbers_session_ends_and_log_rows_go_by_their_own_periods(sms_app, run_worker, database):
    # The catalog in force is stored too (catalog_versions), service names and all: count what it
    # holds before any SMS, so only the SMS text's copies are asked to go.
    scrub(database)
    in_catalog = raw_files(database).count(GONE) if database.url.get_backend_name() == "sqlite" else 0
    post_incoming(sms_app.test_client(), "SYARAT 2", phone="+6281211112222")
    post_incoming(sms_app.test_client(), "SYARAT 3", phone="+6281233334444")
    run_worker()
    age(database, OutboundSms, "created_at", NOW - timedelta(days=100), OutboundSms.phone == "+6281211112222")
    age(database, InboundSms, "received_at", LONG_AGO, InboundSms.phone == "+6281211112222")
    with Session(database) as db, db.begin():
        db.add(UssdSessionEnd(session_id="old", service_code="*384*123#", network_code="51010",
                              phone_masked="+628****222", status="Success", cost="", error_message="",
                              provider_date="", received_at=NOW - timedelta(days=91)))
        audit(db, "petugas1", "view_queue")
        db.flush()
        db.execute(update(AuditEntry).values(at=NOW - timedelta(days=731)))
        audit(db, "petugas1", "view_application", "AB-23456")
    report = apply_retention(database, services_of(sms_app).settings.section("privacy"), NOW)
    assert report.counts["sms_texts"] == 1 and report.counts["sms_received_numbers"] == 1
    assert report.counts["ussd_session_ends"] == 1 and report.counts["access_log"] == 1
    with Session(database) as db:
        texts = dict(db.execute(select(OutboundSms.phone, OutboundSms.text)).all())
        assert texts["+6281211112222"] == "" and texts["+6281233334444"].startswith("Syarat")
        assert sorted(db.scalars(select(InboundSms.phone))) == ["+628*******222", "+6281233334444"]
        assert db.scalars(select(AuditEntry.action)).all() == ["view_application"]
        assert db.scalar(select(UssdSessionEnd)) is None
    if database.url.get_backend_name() == "sqlite":
        raw = raw_files(database)
        assert raw.count(GONE) == in_catalog and raw.count(b"Syarat Surat Keterangan Usaha") == 1


def test_a_dry_run_counts_and_changes_nothing(sms_app, run_worker, database):
    post_incoming(sms_app.test_client(), "INFO", phone="+6281211112222")
    run_worker()
    age(database, OutboundSms, "created_at", LONG_AGO)
    result = sms_app.test_cli_runner().invoke(args=["privacy", "retention", "--dry-run"])
    assert result.exit_code == 0 and "would erase" in result.output and "sms_texts 1" in result.output
    with Session(database) as db:
        assert db.scalar(select(OutboundSms.text)).startswith("Layanan")
    result = sms_app.test_cli_runner().invoke(args=["privacy", "retention"])
    assert "erased" in result.output and "sms_texts 1" in result.output


def test_the_worker_erases_once_a_day_on_its_own(sms_app, run_worker, database, redis_client):
    post_incoming(sms_app.test_client(), "INFO", phone="+6281211112222")
    run_worker()  # answers the SMS, and its maintenance queues today's retention, which runs too
    age(database, OutboundSms, "created_at", LONG_AGO)
    run_worker()  # the same day: not again
    with Session(database) as db:
        assert db.scalar(select(OutboundSms.text)) != ""
    assert redis_client.keys("sapa:retention:*")
    redis_client.delete(*redis_client.keys("sapa:retention:*"))  # the next day
    run_worker()
    with Session(database) as db:
        assert db.scalar(select(OutboundSms.text)) == ""


def test_an_answered_sms_leaves_no_trace_of_its_text_in_the_sqlite_files(sms_app, run_worker, database,
                                                                         redis_client):
    if database.url.get_backend_name() != "sqlite":
        return  # PostgreSQL's files are not ours to read; autovacuum reclaims the old row versions
    redis_client.set(f"sapa:retention:{datetime.now(ZoneInfo('Asia/Jakarta')).date()}", 1)  # ran today
    post_incoming(sms_app.test_client(), "SYARAT 2 tolong zamrud", phone="+6281211112222")
    run_worker()
    assert b"zamrud" not in raw_files(database)
