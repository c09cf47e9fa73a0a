"""Notices and broadcasts wait out the office's quiet hours; replies to the resident go at once."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from gateway.quiet_hours import quiet_until
from gateway.services import services_of
from gateway.store.messages import MessageStatus, OutboundSms, Purpose, record_message
from gateway.store.phones import PhonePreference
from tests.support.sms import messages

WIB = ZoneInfo("Asia/Jakarta")
NIGHT = (21 * 60, 7 * 60)


@pytest.mark.parametrize(("local", "expected"), [
    ("2026-11-28 20:59", None),
    ("2026-11-28 21:00", "2026-11-29 07:00"),
    ("2026-11-28 23:30", "2026-11-29 07:00"),
    ("2026-11-29 00:10", "2026-11-29 07:00"),
    ("2026-11-29 06:59", "2026-11-29 07:00"),
    ("2026-11-29 07:00", None),
    ("2026-11-29 12:00", None),
])
def test_quiet_until_across_midnight(local, expected):
    now = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=WIB).astimezone(UTC)
    until = quiet_until(now, NIGHT, "Asia/Jakarta")
    assert (until.strftime("%Y-%m-%d %H:%M") if until else None) == expected


def test_a_daytime_window_and_no_window():
    noon = datetime(2026, 11, 28, 12, 0, tzinfo=WIB)
    assert quiet_until(noon, (11 * 60, 13 * 60), "Asia/Jakarta").hour == 13
    assert quiet_until(noon, None, "Asia/Jakarta") is None


def window_around_now() -> str:
    now = datetime.now(WIB)
    start, end = now - timedelta(hours=1), now + timedelta(hours=1)
    return f"{start:%H:%M}-{end:%H:%M}"


@pytest.mark.parametrize(("purpose", "waits"), [(Purpose.NOTICE, True), (Purpose.BROADCAST, True),
                                                 (Purpose.REPLY, False)])
def test_only_non_urgent_messages_wait_for_morning(sms_app_with, stand_in, run_worker, database,
                                                    purpose, waits):
    night = sms_app_with(QUIET_HOURS=window_around_now())
    with Session(database) as session, session.begin():
        message_id = record_message(session, "+6281234567890", "Surat Anda siap diambil.", purpose,
                                    f"test:{purpose}").id
    services_of(night).jobs.send(message_id)
    run_worker(night)
    [message] = messages(database)
    assert (len(stand_in.calls) == 0) is waits
    if waits:
        assert message.status == MessageStatus.QUEUED and message.send_after > datetime.now(UTC)
        at = message.send_after
        job = services_of(night).jobs.queue.fetch_job(f"sms-send-{message_id}-at-{at:%Y%m%d%H%M}")
        assert job.get_status() == "scheduled"


def test_a_broadcast_to_an_opted_out_phone_is_not_sent(sms_app, stand_in, run_worker, database):
    with Session(database) as session, session.begin():
        session.add(PhonePreference(phone="+6281234567890", language="id", broadcasts=False))
        message_id = record_message(session, "+6281234567890", "Kerja bakti Minggu pagi.", Purpose.BROADCAST,
                                    "test:broadcast").id
    services_of(sms_app).jobs.send(message_id)
    run_worker()
    assert stand_in.calls == [] and messages(database)[0].last_error == "resident opted out (STOP)"


def test_staff_text_with_curly_quotes_is_made_gsm7_before_it_is_stored(database):
    with Session(database) as session, session.begin():
        message = record_message(session, "+6281234567890", "\u201cSiap\u201d \u2013 ambil ya \U0001F600",
                                 Purpose.NOTICE, "test:gsm")
        assert message.text == '"Siap" - ambil ya ?' and message.segments == 1
    with Session(database) as session:
        assert session.query(OutboundSms).count() == 1


def test_a_deferred_notice_is_sent_once_the_quiet_hours_are_over(sms_app, sms_app_with, stand_in, run_worker,
                                                                  database):
    night = sms_app_with(QUIET_HOURS=window_around_now())
    with Session(database) as session, session.begin():
        message_id = record_message(session, "+6281234567890", "Surat Anda siap diambil.", Purpose.NOTICE,
                                    "test:morning").id
    queue = services_of(night).jobs.queue
    services_of(night).jobs.send(message_id)
    run_worker(night)
    assert stand_in.calls == []
    at = messages(database)[0].send_after
    job = queue.fetch_job(f"sms-send-{message_id}-at-{at:%Y%m%d%H%M}")
    queue.scheduled_job_registry.remove(job)  # what RQ's scheduler does when the time comes
    queue.enqueue_job(job)
    run_worker(sms_app)  # morning came: a worker outside the quiet hours
    assert len(stand_in.calls) == 1 and stand_in.calls[0]["message"] == "Surat Anda siap diambil."
    [message] = messages(database)
    assert message.status == MessageStatus.SENT and message.attempts == 1
