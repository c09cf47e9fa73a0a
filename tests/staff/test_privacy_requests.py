"""A resident's request about their data, by SMS or at the counter, is recorded with its 3x24-hour
deadline and shown on the console until answered: a badge for admins, a line on every queue."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.store.privacy import PrivacyRequest
from menus.privacy import mask_phone
from tests.support.sms import messages, post_incoming
from tests.support.staff import post_form, signed_in

PHONE = "+6281234567890"


def requests_in(database) -> list[PrivacyRequest]:
    with Session(database) as db:
        return list(db.scalars(select(PrivacyRequest).order_by(PrivacyRequest.id)))


def test_an_sms_data_records_an_access_request_due_in_72_hours_and_replies_in_one_segment(
        sms_app, run_worker, database, stand_in):
    post_incoming(sms_app.test_client(), "data", phone=PHONE)
    run_worker()
    [request] = requests_in(database)
    assert (request.kind, request.channel, request.contact, request.recorded_by) == ("access", "sms", PHONE,
                                                                                    "resident")
    assert request.due_at - request.received_at == timedelta(hours=72) and request.answered_at is None
    [reply] = messages(database)
    assert "3x24 jam" in reply.text and reply.segments == 1
    assert stand_in.sent_texts() == [reply.text]


def test_a_second_data_sms_while_the_first_is_open_adds_nothing_but_an_erase_is_its_own(sms_app, run_worker,
                                                                                       database):
    for text in ("DATA", "data", "DATA HAPUS"):
        post_incoming(sms_app.test_client(), text, phone=PHONE)
    run_worker()
    assert [r.kind for r in requests_in(database)] == ["access", "erase"]
    assert len(messages(database)) == 3  # each SMS is still answered


def test_every_member_sees_open_requests_on_the_queue_and_admins_answer_them(sms_app, run_worker, database):
    post_incoming(sms_app.test_client(), "DATA", phone=PHONE)
    run_worker()
    desk = signed_in(sms_app)
    queue = desk.get("/staff/").text
    assert 'id="data-requests"' in queue and "Beri tahu admin" in queue
    admin = signed_in(sms_app, "admin")
    assert 'id="open-requests">1<' in admin.get("/staff/").text
    page = admin.get("/staff/rights/").text
    assert mask_phone(PHONE) in page and PHONE not in page
    [request] = requests_in(database)
    post_form(admin, f"/staff/rights/{request.id}/answer", {"answer": "ditelepon, data dikirim lewat SMS"},
              "/staff/rights/")
    [request] = requests_in(database)
    assert request.answered_at is not None and request.answered_by == "admin1"
    assert 'id="data-requests"' not in desk.get("/staff/").text
    assert 'id="open-requests"' not in admin.get("/staff/").text


def test_an_overdue_request_is_shown_in_red(sms_app, database):
    admin = signed_in(sms_app, "admin")
    post_form(admin, "/staff/rights/", {"kind": "correct", "channel": "counter", "contact": "datang ke loket",
                                        "note": "nama salah eja"}, "/staff/rights/")
    with Session(database) as db, db.begin():
        db.execute(update(PrivacyRequest).values(received_at=datetime.now(UTC) - timedelta(days=4),
                                                 due_at=datetime.now(UTC) - timedelta(days=1)))
    page = admin.get("/staff/rights/").text
    assert '<tr class="late">' in page and "lewat batas" in page
    assert 'class="badge late"' in page
    assert 'class="error" id="data-requests"' in admin.get("/staff/").text


def test_a_request_without_its_contact_is_refused(sms_app, database):
    admin = signed_in(sms_app, "admin")
    post_form(admin, "/staff/rights/", {"kind": "erase", "channel": "counter", "contact": ""},
              "/staff/rights/")
    post_form(admin, "/staff/rights/", {"kind": "teleport", "channel": "counter", "contact": "x"},
              "/staff/rights/")
    assert requests_in(database) == []
