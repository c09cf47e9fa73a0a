"""Console pages for applications: the queue, one application, its checklist and status moves."""

from datetime import UTC, date, datetime

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from menus.codes import read_code
from menus.lifecycle import MOVES, Status, can_move
from menus.nik import mask_nik, nik_problem, normalise_nik
from menus.notices import REASON_MAX, notice_text
from menus.phones import parse_phone
from menus.privacy import mask_phone

from ..jobs import recording
from ..notify import notify_applicant
from ..services import current_services
from ..store.applications import Application, Resident, StatusChange
from ..store.messages import Purpose
from ..store.phones import language_of
from ..store.vault import Vault
from ..web.login import log_access, login_required, t

bp = Blueprint("applications", __name__, url_prefix="/staff", template_folder="templates")


@bp.route("/", methods=["GET", "POST"])
@login_required()
def queue():
    """Applications newest first, filtered by status and service, or found by code, phone or NIK.

    The search is a POST: a NIK in the URL would reach access logs and the browser history.
    """
    services = current_services()
    status, service, query = (request.values.get(k, "")[:40] for k in ("status", "service", "q"))
    stmt = select(Application).options(joinedload(Application.resident)).order_by(
        Application.created_at.desc(), Application.id.desc()).limit(200)
    if status in set(Status):
        stmt = stmt.where(Application.status == status)
    if services.catalog.service(service):
        stmt = stmt.where(Application.service_key == service)
    if query:
        stmt = stmt.where(_search(query, services.vault))
    with Session(services.database) as db, db.begin():
        rows = db.scalars(stmt).all()
        log_access(db, "view_queue", detail=f"status={status} service={service} "
              f"search={'yes' if query else 'no'} rows={len(rows)}")
        shown_query = mask_nik(normalise_nik(query)) if nik_problem(query) is None else query
        return render_template("staff/queue.html", rows=rows, statuses=list(Status), status=status,
                               service=service, query=shown_query, catalog=services.catalog,
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
        application = _load(db, code)
        for item in application.items:
            choice = request.form.get(f"item-{item.id}", "")
            item.checked, item.missing = choice == "checked", choice == "missing"
        summary = ", ".join(f"{i.position}:{'ok' if i.checked else 'missing' if i.missing else '-'}"
                            for i in application.items)
        log_access(db, "checklist", code, summary)
    flash(t("saved"))
    return redirect(url_for(".detail", code=code))


@bp.post("/applications/<code>/status")
@login_required()
def move(code: str):
    """Move an application along its life cycle; record who and why; queue the resident's notice
    (by SMS, or by WhatsApp when the application came from there)."""
    services = current_services()
    target, reason = request.form.get("to", ""), request.form.get("reason", "").strip()[:REASON_MAX]
    with recording(services.database, services.jobs) as (db, after):
        application = _load(db, code)
        if target not in set(Status) or not can_move(application.status, target):
            flash(t("cannot_move"))
            return redirect(url_for(".detail", code=code))
        lang = language_of(db, application.phone)
        missing = [i.text_en if lang == "en" else i.text_id for i in application.items if i.missing]
        if target == Status.INCOMPLETE and not missing:
            flash(t("need_missing"))
            return redirect(url_for(".detail", code=code))
        ready_on = _date(request.form.get("ready_on", "")) if target == Status.READY else None
        if target == Status.READY and (ready_on is None or ready_on < datetime.now(UTC).date()):
            flash(t("need_date"))
            return redirect(url_for(".detail", code=code))
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
            today=datetime.now(UTC).date().isoformat())


def _load(db: Session, code: str) -> Application:
    application = db.scalar(select(Application).where(Application.code == code.upper()))
    if application is None:
        abort(404, f"no application {code}")
    return application


def _search(query: str, vault: Vault):
    """A code, a phone number (08..., 62..., +62..., in any digits) or a NIK, matched exactly."""
    code = read_code(query)
    if code:
        return Application.code == code
    if nik_problem(query) is None:
        hashes = vault.search_hashes(normalise_nik(query))  # two while DATA_KEY is being rotated
        return Application.resident_id.in_(select(Resident.id).where(Resident.nik_hash.in_(hashes)))
    phone = parse_phone(query)
    return Application.phone == phone if phone else Application.code == "none"


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _status_label(status: str) -> str:
    return current_services().texts(session.get("lang", "id"), f"st_{status}")
