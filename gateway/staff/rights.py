"""Admin-only console pages for residents' rights (UU 27/2022): the requests and their deadlines,
finding a person by phone or NIK, exporting everything held (JSON and a printable page),
correcting a field, and erasing. Every step is written to the access log.

The person found is kept in the server-side session (encrypted), never in a URL: a NIK or phone
number in a URL would reach access logs and the browser history.
"""

import json
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from menus.nik import mask_nik
from menus.phones import parse_phone
from menus.privacy import mask_phone

from ..services import current_services
from ..store.applications import Resident
from ..store.database import scrub
from ..store.privacy import (
    Channel,
    RequestKind,
    Subject,
    answer_request,
    applications_of,
    correct_resident,
    erase_subject,
    export_subject,
    find_subject,
    forget_cached,
    read_query,
    recent_requests,
    record_request,
)
from ..web.login import log_access, login_required, t

bp = Blueprint("rights", __name__, url_prefix="/staff/rights", template_folder="templates")
SUBJECT = "rights_subject"


@bp.route("/", methods=["GET", "POST"])
@login_required(role="admin")
def requests():
    """Open requests (overdue first in red), the latest answered, and a form to record a new one."""
    services = current_services()
    with Session(services.database) as db, db.begin():
        if request.method == "POST":
            kind, channel = request.form.get("kind", ""), request.form.get("channel", "")
            contact = request.form.get("contact", "").strip()[:80]
            if kind not in set(RequestKind) or channel not in set(Channel) or not contact:
                flash(t("request_incomplete"))
            else:
                made = record_request(db, kind, channel, contact, g.staff["username"],
                                      request.form.get("note", ""))
                db.flush()
                log_access(db, "rights_request", f"request:{made.id}", f"{kind} by {channel}")
        rows = recent_requests(db)
        return render_template("staff/rights.html", rows=rows, now=datetime.now(UTC), kinds=list(RequestKind),
                               channels=list(Channel), mask_phone=mask_phone)


@bp.post("/<int:request_id>/answer")
@login_required(role="admin")
def answer(request_id: int):
    with Session(current_services().database) as db, db.begin():
        done = answer_request(db, request_id, g.staff["username"], request.form.get("answer", "").strip())
        if done:
            log_access(db, "rights_answer", f"request:{request_id}", done.kind)
    return redirect(url_for(".requests"))


@bp.post("/find")
@login_required(role="admin")
def find():
    """Find a person by phone or NIK (typed into a POST form) and keep them as the page's subject."""
    services = current_services()
    query = read_query(request.form.get("q", "")[:40])
    if query is None:
        flash(t("find_what"))
        return redirect(url_for(".requests"))
    with Session(services.database) as db, db.begin():
        subject = find_subject(db, services.vault, *query)
        log_access(db, "rights_find", subject.label,
                   f"by {query[0]}: {len(subject.resident_ids)} resident(s), {len(subject.phones)} phone(s)")
    session[SUBJECT] = services.vault.encrypt(json.dumps([subject.resident_ids, subject.phones]))
    return redirect(url_for(".subject"))


@bp.get("/subject")
@login_required(role="admin")
def subject():
    """What is held about the person found: a summary, with export, correct and erase."""
    services, person = current_services(), _subject()
    with Session(services.database) as db:
        residents = db.scalars(select(Resident).where(Resident.id.in_(person.resident_ids))).all()
        niks = {r.id: mask_nik(services.vault.decrypt(r.nik_encrypted)) if r.nik_encrypted else "-"
                for r in residents}
        return render_template("staff/subject.html", person=person, residents=residents, niks=niks,
                               applications=applications_of(db, person), mask_phone=mask_phone)


@bp.post("/subject/export")
@login_required(role="admin")
def export():
    """Everything held, as a JSON download ("json") or a page to print and hand over ("print")."""
    services, person = current_services(), _subject()
    printable = request.form.get("as") == "print"
    now = datetime.now(UTC)
    with Session(services.database) as db, db.begin():
        data = export_subject(db, services.vault, services.catalog, person, services.catalog.office.name, now)
        log_access(db, "rights_print" if printable else "rights_export", person.label,
                   f"{len(data['applications'])} application(s)")
    if printable:
        return render_template("staff/export.html", data=data)
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename=sapa-data-{now:%Y%m%d}.json"})


@bp.post("/subject/residents/<int:resident_id>/correct")
@login_required(role="admin")
def correct(resident_id: int):
    """Correct name, RT/RW or phone; the log keeps who, which fields and why, not the old values."""
    services, person = current_services(), _subject()
    if resident_id not in person.resident_ids:
        abort(404)
    form = {f: request.form.get(f, "").strip() for f in ("name", "rt_rw", "phone", "why")}
    changes = {f: form[f] for f in ("name", "rt_rw") if form[f]}
    if form["phone"]:
        changes["phone"] = parse_phone(form["phone"]) or ""
    if not form["why"] or changes.get("phone") == "" or \
            len(changes.get("name", "")) > 60 or len(changes.get("rt_rw", "")) > 7:
        flash(t("correct_incomplete"))
        return redirect(url_for(".subject"))
    with Session(services.database) as db, db.begin():
        changed = correct_resident(db, db.get(Resident, resident_id), changes)
        log_access(db, "rights_correct", f"resident:{resident_id}",
                   f"fields={','.join(changed) or 'none'} why={form['why'][:200]}")
    if "phone" in changed:
        session[SUBJECT] = services.vault.encrypt(json.dumps(
            [person.resident_ids, sorted({*person.phones, changes["phone"]})]))
    flash(t("corrected"))
    return redirect(url_for(".subject"))


@bp.post("/subject/erase")
@login_required(role="admin")
def erase():
    """Erase the person: applications keep their counts, everything that names them goes."""
    services, person = current_services(), _subject()
    why = request.form.get("why", "").strip()
    if request.form.get("confirm") != "yes" or not why:
        flash(t("erase_confirm"))
        return redirect(url_for(".subject"))
    with Session(services.database) as db, db.begin():
        counts = erase_subject(db, person, g.staff["username"], datetime.now(UTC))
        log_access(db, "rights_erase", person.label,
                   f"{' '.join(f'{k}={v}' for k, v in counts.items())} why={why[:150]}")
    forget_cached(services.redis, services.phone_keys, person.phones)
    scrub(services.database)
    session.pop(SUBJECT, None)
    flash(t("erased"))
    return redirect(url_for(".requests"))


def _subject() -> Subject:
    """The person this admin found last; 404 when none was found in this session."""
    sealed = session.get(SUBJECT)
    if not sealed:
        abort(404, t("find_first"))
    ids, phones = json.loads(current_services().vault.decrypt(sealed))
    return Subject(tuple(ids), tuple(phones))
