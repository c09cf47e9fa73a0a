"""Console pages for applications: the queue, one application, its checklist and status moves."""

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from menus.lifecycle import MOVES, Status, can_move
from menus.nik import mask_nik, nik_problem
from menus.notices import REASON_MAX, notice_text
from menus.privacy import mask_phone

from ..jobs import recording
from ..notify import notify_applicant, withdraw_notices
from ..services import current_services
from ..store.applications import Application, StatusChange
from ..store.messages import Purpose
from ..store.phones import language_of
from ..web.login import log_access, login_required, t
from ..web.times import office_today
from .filters import PAGE_SIZES, QueueFilter

bp = Blueprint("applications", __name__, url_prefix="/staff", template_folder="templates")


@bp.route("/", methods=["GET", "POST"])
@login_required()
def queue():
    """Applications newest first, a page at a time, filtered by status and service, or found by
    code, phone or NIK.

    The search is a POST: a NIK in the URL would reach access logs and the browser history.
    """
    services = current_services()
    filters = QueueFilter.from_request(services.catalog)
    with Session(services.database) as db, db.begin():
        total = db.scalar(filters.count(services.vault))
        rows = db.scalars(filters.rows(services.vault)).unique().all()
        log_access(db, "view_queue", detail=f"{filters.describe()} page={filters.page} rows={len(rows)}")
        return render_template("staff/queue.html", rows=rows, statuses=list(Status), filters=filters,
                               query=filters.shown_query, catalog=services.catalog, total=total,
                               pages=max(1, -(-total // filters.per_page)), page_sizes=PAGE_SIZES,
                               keep_query=nik_problem(filters.query) is not None,
                               label=_status_label, mask_phone=mask_phone)


@bp.get("/applications/<code>")
@login_required()
def detail(code: str):
    return _render_detail(code, reveal=False)


@bp.post("/applications/<code>/reveal")
@login_required(role="admin")
def reveal(code: str):
    """Show the full NIK to an admin; the reveal itself is recorded."""
    return _render_detail(code, reveal=True)


@bp.post("/applications/<code>/checklist")
@login_required()
def checklist(code: str):
    """Save which documents were seen and which are missing."""
    with Session(current_services().database) as db, db.begin():
        _save_checklist(db, _load(db, code))
    flash(t("saved"))
    return redirect(url_for(".detail", code=code))


@bp.post("/applications/<code>/status")
@login_required()
def move(code: str):
    """Save the checklist ticked on the same form, then move the application along its life cycle
    (no move: the checklist alone); record who and why; withdraw its notices that have not gone yet
    and queue the new one (by SMS, or by WhatsApp when the application came from there)."""
    services = current_services()
    target, reason = request.form.get("to", ""), request.form.get("reason", "").strip()[:REASON_MAX]
    with recording(services.database, services.jobs) as (db, after):
        application = _load(db, code)
        if any(key.startswith("item-") for key in request.form):
            _save_checklist(db, application)  # one step: what was ticked counts for this move
        if not target:
            flash(t("saved"))
            return redirect(url_for(".detail", code=code))
        if target not in set(Status) or not can_move(application.status, target):
            flash(t("cannot_move"))
            return redirect(url_for(".detail", code=code))
        lang = language_of(db, application.phone)
        missing = [i.text_en if lang == "en" else i.text_id for i in application.items if i.missing]
        if target == Status.INCOMPLETE and not missing:
            flash(t("need_missing"))
            return redirect(url_for(".detail", code=code))
        ready_on = _date(request.form.get("ready_on", "")) if target == Status.READY else None
        today = office_today(services.settings.timezone)
        if target == Status.READY and (ready_on is None or ready_on < today):
            flash(t("need_date"))
            return redirect(url_for(".detail", code=code))
        withdraw_notices(db, application)
        change = StatusChange(from_status=application.status, to_status=target,
                              by=g.staff["username"], reason=reason)
        application.history.append(change)
        application.status, application.ready_on = target, ready_on or application.ready_on
        log_access(db, "move", code, f"{change.from_status} -> {target}")
        text = notice_text(services.texts, services.catalog, lang, target, application.service_key,
                           code, missing, ready_on, reason)
        if text:
            db.flush()
            notify_applicant(db, after, services.vault, application, text, Purpose.NOTICE,
                             f"notice:{change.id}", whatsapp_on=services.whatsapp is not None)
    flash(t("moved") if text else t("moved_no_sms"))
    return redirect(url_for(".detail", code=code))


def _render_detail(code: str, reveal: bool):
    services = current_services()
    with Session(services.database) as db, db.begin():
        application = _load(db, code)
        sealed = application.resident.nik_encrypted
        nik = services.vault.decrypt(sealed) if sealed else "-"  # "": erased on request or by retention
        log_access(db, "reveal_nik" if reveal else "view_application", code)
        return render_template(
            "staff/application.html", a=application, nik=nik if reveal or not sealed else mask_nik(nik),
            service=services.catalog.service(application.service_key), label=_status_label,
            moves=sorted(MOVES[Status(application.status)], key=list(Status).index),
            today=office_today(services.settings.timezone).isoformat())


def _load(db: Session, code: str) -> Application:
    application = db.scalar(select(Application).where(Application.code == code.upper()))
    if application is None:
        abort(404, f"no application {code}")
    return application


def _save_checklist(db: Session, application: Application) -> None:
    """Record which documents the form marks seen and which missing, in the caller's transaction."""
    for item in application.items:
        choice = request.form.get(f"item-{item.id}", "")
        item.checked, item.missing = choice == "checked", choice == "missing"
    summary = ", ".join(f"{i.position}:{'ok' if i.checked else 'missing' if i.missing else '-'}"
                        for i in application.items)
    log_access(db, "checklist", application.code, summary)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _status_label(status: str) -> str:
    return current_services().texts(session.get("lang", "id"), f"st_{status}")
