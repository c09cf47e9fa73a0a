"""Notices go where the resident is: WhatsApp text in the 24-hour window, the approved template
outside it, and the same text once by SMS when WhatsApp cannot deliver it."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.applications import Application
from gateway.store.chats import ChatStatus, OutboundChat
from gateway.store.phones import PhonePreference
from tests.support.sms import messages
from tests.support.staff import post_form, signed_in
from tests.support.whatsapp import envelope, post_signed, status


def apply_on_whatsapp(resident) -> str:
    resident.write("halo")
    resident.write("2")
    for answer in ("2", "Siti Aminah", "3171014708900003", "3/7", "1", "1"):  # SKTM ... consent, send
        resident.write(answer)
    with Session(services_of(resident.app).database) as db:
        return db.scalar(select(Application.code))


def last_written(database, phone: str, ago: timedelta) -> None:
    """Move the resident's last WhatsApp message back in time (the 24-hour window is counted from it)."""
    with Session(database) as db, db.begin():
        db.get(PhonePreference, phone).whatsapp_at = datetime.now(UTC) - ago


def move(app, code: str, to: str) -> None:
    desk = signed_in(app) if not hasattr(app, "_desk") else app._desk
    app._desk = desk
    page = f"/staff/applications/{code}"
    assert post_form(desk, f"{page}/status", {"to": to}, page).status_code == 302


def chats(database) -> list[OutboundChat]:
    with Session(database) as db:
        return list(db.scalars(select(OutboundChat).order_by(OutboundChat.id)))


def test_inside_the_window_a_status_notice_goes_as_whatsapp_text(resident, database, stand_in):
    code = apply_on_whatsapp(resident)
    resident.said()
    move(resident.app, code, "lengkap")
    resident.run_worker(resident.app)
    [notice] = resident.said()
    assert notice["type"] == "text"
    assert notice["text"]["body"].startswith(f"Berkas SKTM ({code}) sudah lengkap dan diperiksa.")
    assert stand_in.calls == []  # nothing by SMS: not the code, not the notice


@pytest.mark.parametrize(("language", "code_sent"), [("id", "id"), ("en", "en")])
def test_outside_the_window_the_notice_goes_as_the_approved_template(resident, database, language, code_sent):
    code = apply_on_whatsapp(resident)
    if language == "en":
        resident.write("BAHASA EN")
    resident.said()
    last_written(database, resident.phone, timedelta(hours=25))
    move(resident.app, code, "lengkap")
    resident.run_worker(resident.app)
    [notice] = resident.said()
    assert notice["type"] == "template"
    template = notice["template"]
    assert template["name"] == "sapa_status" and template["language"] == {"code": code_sent}
    code_param, text_param = (p["text"] for p in template["components"][0]["parameters"])
    assert code_param == code
    assert text_param.startswith(f"Berkas SKTM ({code}) sudah lengkap" if language == "id"
                                 else f"Low income (SKTM) ({code}): your documents are complete")
    assert chats(database)[-1].sent_as == "template"


def test_a_notice_whatsapp_refuses_goes_once_by_sms_and_the_console_says_so(resident, database, graph,
                                                                           stand_in):
    code = apply_on_whatsapp(resident)
    graph.script = [131026]  # no WhatsApp account any more: undeliverable
    move(resident.app, code, "lengkap")
    resident.run_worker(resident.app)
    resident.run_worker(resident.app)
    [sms] = stand_in.sent_texts()
    assert sms.startswith(f"Berkas SKTM ({code}) sudah lengkap") and stand_in.calls[0]["to"] == resident.phone
    notice = chats(database)[-1]
    assert notice.status == ChatStatus.FAILED and notice.last_error.startswith("131026")
    assert notice.fallback_sms_id == messages(database)[-1].id
    page = resident.app._desk.get("/staff/messages").text
    assert f"dikirim lewat SMS #{notice.fallback_sms_id}" in page
    assert f"pengganti WhatsApp #{notice.id}" in page


def test_a_failed_report_after_sending_brings_the_sms_once_however_often_it_comes(resident, database,
                                                                                 graph, stand_in):
    code = apply_on_whatsapp(resident)
    move(resident.app, code, "lengkap")
    resident.run_worker(resident.app)
    notice = chats(database)[-1]
    assert notice.status == ChatStatus.SENT
    report = envelope(graph.phone_number_id, statuses=[status(notice.wamid, "failed", code=131026)])
    for _ in range(2):
        assert post_signed(resident.client, report).status_code == 200
    late = envelope(graph.phone_number_id, statuses=[status(notice.wamid, "delivered")])
    assert post_signed(resident.client, late).status_code == 200
    resident.run_worker(resident.app)
    assert len(stand_in.sent_texts()) == 1
    assert chats(database)[-1].status == ChatStatus.FAILED  # a late report does not undo the failure


def test_delivered_and_read_reports_move_the_message_forward_only(resident, database, graph):
    resident.write("halo")
    reply = chats(database)[-1]
    for word in ("read", "delivered", "sent"):
        post_signed(resident.client, envelope(graph.phone_number_id, statuses=[status(reply.wamid, word)]))
    assert chats(database)[-1].status == ChatStatus.READ


def test_a_template_meta_has_not_approved_falls_back_to_sms(resident, database, graph, stand_in):
    code = apply_on_whatsapp(resident)
    last_written(database, resident.phone, timedelta(days=3))
    graph.script = [132001]
    move(resident.app, code, "lengkap")
    resident.run_worker(resident.app)
    assert [c["body"]["type"] for c in graph.calls[-1:]] == ["template"]
    [sms] = stand_in.sent_texts()
    assert sms.startswith(f"Berkas SKTM ({code})")


def test_a_passing_outage_is_retried_and_sent_once(resident, database, graph):
    code = apply_on_whatsapp(resident)
    resident.said()
    graph.script = ["http500", 130429]
    move(resident.app, code, "lengkap")
    resident.run_worker(resident.app)
    [notice] = resident.said()
    assert notice["text"]["body"].startswith(f"Berkas SKTM ({code})")
    assert chats(database)[-1].attempts == 3


def test_the_applications_code_goes_by_sms_if_whatsapp_cannot_deliver_it(wa_app, graph, stand_in, run_worker):
    from tests.whatsapp.conftest import Resident
    resident = Resident(wa_app, graph, run_worker)
    resident.write("halo")
    resident.write("2")
    for answer in ("1", "Siti Aminah", "3171014708900003", "3/7", "1"):
        resident.write(answer)
    graph.script = [131026]
    resident.write("1")
    [sms] = stand_in.sent_texts()
    assert sms.startswith("Permohonan Surat Keterangan Domisili diterima. Kode: ")


def test_broadcasts_follow_each_phones_channel_and_opt_out(resident, database, graph, stand_in):
    resident.write("halo")
    other = "+6285700000002"
    with Session(database) as db, db.begin():
        db.get(PhonePreference, resident.phone).broadcasts = True
        db.add(PhonePreference(phone=other, language="id", broadcasts=True))  # an SMS user
        db.add(PhonePreference(phone="+6285700000003", language="id", broadcasts=True, channel="whatsapp",
                               whatsapp_at=datetime.now(UTC) - timedelta(days=2)))  # WhatsApp, window shut
        db.add(PhonePreference(phone="+6285700000004", language="id", broadcasts=False, channel="whatsapp",
                               whatsapp_at=datetime.now(UTC)))  # said STOP
    resident.said()
    desk = signed_in(resident.app)
    form = {"mode": "broadcast", "rt_rw": "", "text": "Kerja bakti hari Minggu.", "step": "preview"}
    preview = post_form(desk, "/staff/notices", form, "/staff/notices")
    batch = preview.text.split('name="batch" value="')[1].split('"')[0]
    for _ in range(2):  # a double click queues nothing new
        post_form(desk, "/staff/notices", {**form, "step": "send", "batch": batch}, "/staff/notices")
    resident.run_worker(resident.app)
    [by_whatsapp] = resident.said()
    assert by_whatsapp["text"]["body"] == "Kerja bakti hari Minggu."
    [call] = stand_in.calls
    assert sorted(call["to"].split(",")) == [other, "+6285700000003"]


def test_a_failure_reported_before_the_send_job_stored_the_id_is_applied_when_it_does(resident, database,
                                                                                    graph, stand_in):
    from gateway.whatsapp.statuses import apply_kept
    code = apply_on_whatsapp(resident)
    move(resident.app, code, "lengkap")
    report = envelope(graph.phone_number_id, statuses=[status("wamid.early", "failed", code=131026)])
    assert post_signed(resident.client, report).status_code == 200  # no message has this id yet: kept
    with Session(database) as db, db.begin():
        notice = db.scalars(select(OutboundChat).order_by(OutboundChat.id.desc())).first()
        notice.status, notice.wamid = ChatStatus.SENT, "wamid.early"  # as the send job records it
    assert apply_kept(services_of(resident.app), "wamid.early") == 1
    resident.run_worker(resident.app)
    [sms] = stand_in.sent_texts()
    assert sms.startswith(f"Berkas SKTM ({code})")


def test_the_sweep_requeues_what_a_lost_job_left(resident, database):
    from gateway.whatsapp.recovery import sweep_chats
    resident.write("halo")
    with Session(database) as db, db.begin():
        reply = db.scalars(select(OutboundChat)).one()
        reply.status, reply.updated_at = ChatStatus.SENDING, datetime.now(UTC) - timedelta(minutes=5)
    assert sweep_chats(services_of(resident.app)) == 1
    resident.run_worker(resident.app)
    assert len(resident.said()) == 1 and chats(database)[0].status == ChatStatus.SENT
