"""The desk's day without traps: the checklist and the move are one step, a held notice says when it
goes, a notice a later move made out of date is never sent (real worker, real provider client),
the queue pages, stored codes read as words, and the accounts page is safe by default."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from rq.job import Job
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.notify import withdraw_notices
from gateway.services import services_of
from gateway.store.applications import Application
from gateway.store.chats import record_chat
from gateway.store.messages import OutboundSms, record_message
from gateway.store.staff import AuditEntry, StaffUser
from menus.chat import text_message
from tests.support.applications import add_application
from tests.support.residents import apply_by_ussd
from tests.support.staff import log_in, make_staff, post_form, signed_in


def item_ids(database, code: str) -> list[int]:
    with Session(database) as db:
        return [i.id for i in db.scalar(select(Application).where(Application.code == code)).items]


def test_ticking_missing_and_pressing_kurang_berkas_is_one_step(sms_app, database, run_worker, stand_in):
    code = apply_by_ussd(sms_app)
    run_worker()
    desk, page = signed_in(sms_app), f"/staff/applications/{code}"
    first, second, third = item_ids(database, code)
    post_form(desk, f"{page}/status", {f"item-{first}": "checked", f"item-{second}": "missing",
                                       f"item-{third}": "checked", "to": "kurang_berkas"}, page)
    run_worker()
    with Session(database) as db:
        assert db.scalar(select(Application.status)) == "kurang_berkas"
    assert stand_in.sent_texts()[-1].startswith(
        f"Berkas Domisili ({code}) belum lengkap. Kurang: Fotokopi KTP-el.")
    post_form(desk, f"{page}/status", {f"item-{second}": "checked", "to": ""}, page)  # "save" alone
    with Session(database) as db:
        assert db.scalar(select(Application.status)) == "kurang_berkas"
        assert [i.checked for i in db.scalar(select(Application)).items] == [False, True, False]


def quiet_now(zone: str = "Asia/Jakarta") -> tuple[str, str]:
    """QUIET_HOURS that hold now, and the time (WIB) they end."""
    local = datetime.now(UTC).astimezone(ZoneInfo(zone))
    start, end = local - timedelta(hours=1), local + timedelta(hours=1)
    return f"{start:%H:%M}-{end:%H:%M}", f"{end:%d-%m-%Y %H:%M}"


def test_a_held_notice_says_when_it_goes_and_a_later_move_withdraws_it(
        sms_app_with, database, run_worker, stand_in, redis_client):
    window, ends = quiet_now()
    quiet = sms_app_with(QUIET_HOURS=window)
    code = apply_by_ussd(quiet)
    run_worker(quiet)  # the reply to the applicant goes at once, quiet hours or not
    desk, page = signed_in(quiet), f"/staff/applications/{code}"
    post_form(desk, f"{page}/status", {"to": "lengkap"}, page)
    run_worker(quiet)
    messages = desk.get("/staff/messages").text
    assert f"dikirim pukul {ends}" in messages
    assert "menunggu kirim" in messages and "queued" not in messages.split("<main>")[1]
    ready_on = (datetime.now(UTC) + timedelta(days=2)).astimezone(ZoneInfo("Asia/Jakarta")).date()
    post_form(desk, f"{page}/status", {"to": "siap_diambil", "ready_on": ready_on.isoformat()}, page)
    run_worker(quiet)
    with Session(database) as db:
        notices = db.scalars(select(OutboundSms).where(OutboundSms.purpose == "notice")
                             .order_by(OutboundSms.id)).all()
        assert [m.status for m in notices] == ["superseded", "queued"]
        assert notices[1].send_after is not None
    assert "tidak dikirim (status berubah lagi)" in desk.get("/staff/messages").text
    # Quiet hours end: the scheduler hands the deferred jobs to a worker.
    awake = sms_app_with(QUIET_HOURS="off")
    queue = services_of(awake).jobs.queue
    for job_id in queue.scheduled_job_registry.get_job_ids():
        job = Job.fetch(job_id, connection=queue.connection)
        queue.scheduled_job_registry.remove(job)
        queue.enqueue_job(job)
    run_worker(awake)
    sent = stand_in.sent_texts()
    assert len(sent) == 2 and f"Kode: {code}" in sent[0]
    assert "siap diambil" in sent[1] and "sudah lengkap" not in " ".join(sent)


def test_the_queue_pages_and_its_links_keep_the_filters(app, database):
    vault, now = services_of(app).vault, datetime.now(UTC)
    with Session(database) as db, db.begin():
        for n in range(1, 61):
            service = "domisili" if n % 2 else "sktm"
            add_application(db, vault, n, service, "diterima", now - timedelta(minutes=n))
    desk = signed_in(app)
    first = post_form(desk, "/staff/", {"service": "domisili", "per": "25"}).text
    assert "Halaman 1 dari 2 · 30 permohonan" in first
    assert first.count('href="/staff/applications/T') == 25
    assert 'name="service" value="domisili"' in first and 'name="page" value="2"' in first
    second = post_form(desk, "/staff/", {"service": "domisili", "per": "25", "page": "2"}).text
    assert "Halaman 2 dari 2" in second and second.count('href="/staff/applications/T') == 5
    assert "T00059" in second and "T00002" not in second  # oldest domisili last; no sktm
    assert "Halaman 1 dari 2 · 60" in desk.get("/staff/?per=50").text
    assert "Halaman 1 dari 2 · 60" in desk.get("/staff/?per=9999&page=x").text  # unknown: the default 50


def test_codes_read_as_words_in_both_languages(app, database):
    admin = signed_in(app, "admin")
    admin.get("/staff/")
    audit = admin.get("/staff/admin/audit").text
    assert "melihat antrian" in audit and ">view_queue<" not in audit
    post_form(admin, "/staff/language", {"back": "/staff/admin/audit"})
    assert "viewed the queue" in admin.get("/staff/admin/audit").text


def test_accounts_default_to_petugas_reactivate_and_an_admin_cannot_deactivate_themselves(app, database):
    admin = signed_in(app, "admin")
    page = admin.get("/staff/admin/users").text
    assert "<option selected>petugas</option>" in page
    make_staff(app, "desk", "petugas")
    with Session(database) as db:
        desk_id, own_id = (db.scalar(select(StaffUser.id).where(StaffUser.username == name))
                           for name in ("desk", "admin1"))
    assert f"/staff/admin/users/{own_id}/deactivate" not in page
    refused = post_form(admin, f"/staff/admin/users/{own_id}/deactivate", {}, "/staff/admin/users")
    assert "tidak bisa menonaktifkan akun Anda sendiri" in admin.get(refused.headers["Location"]).text
    post_form(admin, f"/staff/admin/users/{desk_id}/deactivate", {}, "/staff/admin/users")
    assert log_in(app.test_client(), "desk").status_code == 401
    assert f"/staff/admin/users/{desk_id}/reactivate" in admin.get("/staff/admin/users").text
    post_form(admin, f"/staff/admin/users/{desk_id}/reactivate", {}, "/staff/admin/users")
    assert log_in(app.test_client(), "desk").status_code == 302
    with Session(database) as db:
        user = db.get(StaffUser, own_id)
        assert user.active
        actions = db.scalars(select(AuditEntry.action).where(AuditEntry.action.like("%_staff"))).all()
    assert actions == ["deactivate_staff", "reactivate_staff"]  # the refused one did nothing, so no entry


def test_a_whatsapp_notice_not_yet_sent_is_withdrawn_too_and_a_sent_one_is_left_alone(app, database):
    vault = services_of(app).vault
    with Session(database) as db, db.begin():
        application = add_application(db, vault, 1, "domisili", "diterima", datetime.now(UTC))
        db.flush()
        first = application.history[0].id
        waiting = record_chat(db, vault, application.phone, text_message("Kurang berkas"), "notice",
                              f"notice:{first}", "id")
        sent = record_message(db, application.phone, "Diterima", "notice", f"notice:{first}")
        sent.status = "sent"
        db.flush()
        assert withdraw_notices(db, application) == 1
        db.refresh(waiting)
        db.refresh(sent)
        assert (waiting.status, sent.status) == ("superseded", "sent")
