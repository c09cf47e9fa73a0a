"""Notices to one resident and broadcasts to consenting residents: preview, batches, opt-outs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Resident
from gateway.store.messages import MessageStatus, SendingPause
from gateway.store.phones import PhonePreference
from tests.support.sms import messages, post_incoming
from tests.support.staff import post_form, signed_in


def preview_and_send(client, form: dict):
    """Preview the message, then send it with the batch id the preview handed out; return the preview."""
    preview = post_form(client, "/staff/notices", {**form, "step": "preview"}, "/staff/notices")
    batch = preview.text.split('name="batch" value="')[1].split('"')[0]
    post_form(client, "/staff/notices", {**form, "step": "send", "batch": batch}, "/staff/notices")
    return preview


def consenting(database, *rows):
    with Session(database) as db, db.begin():
        for n, (phone, broadcasts, rt_rw) in enumerate(rows):
            db.add(PhonePreference(phone=phone, language="id", broadcasts=broadcasts))
            db.add(Resident(nik_hash=f"h{n}", nik_encrypted="x", name="Warga", phone=phone, rt_rw=rt_rw))


def test_a_notice_to_one_resident_is_previewed_then_sent(sms_app, run_worker, stand_in, database):
    client = signed_in(sms_app)
    form = {
        "mode": "one",
        "phone": "0812-3456-7890",
        "text": "Surat Anda siap diambil besok.",
        "step": "preview",
    }
    preview = post_form(client, "/staff/notices", form, "/staff/notices")
    assert (
        'id="recipients">1<' in preview.text
        and "GSM-7" in preview.text
        and 'id="cost">Rp 350<' in preview.text
    )
    batch = preview.text.split('name="batch" value="')[1].split('"')[0]
    post_form(client, "/staff/notices", {**form, "step": "send", "batch": batch}, "/staff/notices")
    post_form(client, "/staff/notices", {**form, "step": "send", "batch": batch}, "/staff/notices")  # again
    run_worker()
    assert stand_in.sent_texts() == ["Surat Anda siap diambil besok."]
    assert stand_in.calls[0]["to"] == "+6281234567890"


def test_a_broadcast_reaches_consenting_residents_in_one_request_and_skips_opt_outs(
    sms_app, run_worker, stand_in, database
):
    consenting(
        database,
        ("+6281111111111", True, "003/007"),
        ("+6282222222222", True, "004/007"),
        ("+6283333333333", False, "003/007"),
        ("+6284444444444", None, "003/007"),
    )
    client = signed_in(sms_app)
    form = {
        "mode": "broadcast",
        "rt_rw": "",
        "text": "Kerja bakti hari Minggu pukul 07.00 di balai RW.",
        "step": "preview",
    }
    preview = preview_and_send(client, form)
    assert 'id="recipients">2<' in preview.text and 'id="cost">Rp 700<' in preview.text
    run_worker()
    [call] = stand_in.calls
    assert sorted(call["to"].split(",")) == ["+6281111111111", "+6282222222222"]
    assert [m.status for m in messages(database)] == [MessageStatus.SENT, MessageStatus.SENT]


def test_a_broadcast_can_be_limited_to_one_rt_rw(sms_app, database):
    consenting(database, ("+6281111111111", True, "003/007"), ("+6282222222222", True, "004/007"))
    client = signed_in(sms_app)
    form = {"mode": "broadcast", "rt_rw": "004/007", "text": "Posyandu Selasa.", "step": "preview"}
    assert 'id="recipients">1<' in post_form(client, "/staff/notices", form, "/staff/notices").text


def test_the_preview_warns_about_characters_that_would_double_the_cost(sms_app, database):
    consenting(database, ("+6281111111111", True, "003/007"))
    client = signed_in(sms_app)
    form = {"mode": "broadcast", "text": "\u201cRapat\u201d warga \u2013 jam 19.00", "step": "preview"}
    preview = post_form(client, "/staff/notices", form, "/staff/notices")
    assert "akan diganti huruf biasa" in preview.text and "&#34;Rapat&#34; warga - jam 19.00" in preview.text


def test_a_resident_who_sent_stop_gets_no_broadcast(sms_app, run_worker, stand_in, database):
    consenting(database, ("+6281234567890", True, "003/007"))
    post_incoming(sms_app.test_client(), "STOP")
    run_worker()
    client = signed_in(sms_app)
    form = {"mode": "broadcast", "text": "Pengumuman.", "step": "preview"}
    assert "Tidak ada penerima." in post_form(client, "/staff/notices", form, "/staff/notices").text


def test_the_messages_page_lists_failures_to_call_and_resumes_a_pause(
    sms_app, run_worker, stand_in, database
):
    stand_in.script = [(405, "InsufficientBalance")]
    post_incoming(sms_app.test_client(), "INFO")
    run_worker()
    client = signed_in(sms_app)
    page = client.get("/staff/messages").text
    assert "Pengiriman SMS berhenti" in page
    assert "405 InsufficientBalance: top up the provider account" in page  # the pause says its cause
    post_form(client, "/staff/messages/resume", {}, "/staff/messages")
    run_worker()
    assert len(stand_in.sent_texts()) == 1
    with Session(database) as db:
        pause = db.query(SendingPause).one()
        assert pause.resumed_by == "petugas1"
    stand_in.script = [(403, "InvalidPhoneNumber")]
    post_incoming(sms_app.test_client(), "BANTUAN", phone="+6285555555555")
    run_worker()
    follow_up = client.get("/staff/messages?view=follow-up").text
    assert "+6285555555555" in follow_up and "Telepon warga ini" in follow_up
    assert "+6281234567890" not in follow_up


def test_a_broadcast_during_quiet_hours_waits_for_morning(sms_app_with, run_worker, stand_in, database):
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    night = sms_app_with(QUIET_HOURS=f"{now - timedelta(hours=1):%H:%M}-{now + timedelta(hours=1):%H:%M}")
    consenting(database, ("+6281111111111", True, "003/007"))
    client = signed_in(night)
    form = {"mode": "broadcast", "text": "Pengumuman malam.", "step": "preview"}
    preview_and_send(client, form)
    run_worker(night)
    assert stand_in.calls == []
    assert len(services_of(night).jobs.queue.scheduled_job_registry) == 1
    assert [m.status for m in messages(database)] == [MessageStatus.QUEUED]
