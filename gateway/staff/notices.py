"""Console pages for SMS: a notice to one resident, a broadcast with a preview, the message log."""

import uuid
from datetime import UTC, datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from menus import sms_cost, to_gsm7
from menus.phones import parse_phone
from menus.privacy import mask_phone

from ..jobs import recording
from ..notify import notify_phones
from ..services import current_services
from ..store.applications import Resident
from ..store.chats import OutboundChat
from ..store.messages import BUDGET_WAITING, MessageStatus, OutboundSms, Purpose, open_pause, resume_sending
from ..store.phones import PhonePreference
from ..web.login import log_access, login_required, t

bp = Blueprint("notices", __name__, url_prefix="/staff", template_folder="templates")
FOLLOW_UP = (MessageStatus.FAILED, MessageStatus.UNDELIVERED)
TEXT_MAX = 459  # three segments of GSM-7


@bp.route("/notices", methods=["GET", "POST"])
@login_required()
def compose():
    """Write a message; "preview" shows who gets it and what it costs; "send" queues it."""
    services = current_services()
    form = {k: request.form.get(k, "").strip() for k in ("mode", "phone", "rt_rw", "text", "batch", "step")}
    if request.method == "GET":
        return render_template("staff/notices.html", form=form, preview=None)
    text = to_gsm7(form["text"])[:TEXT_MAX]
    with recording(services.database, services.jobs) as (db, after):
        recipients = _recipients(db, form)
        if not text or not recipients:
            flash(t("empty_message") if not text else
                  t("bad_phone") if form["mode"] == "one" else t("no_recipients"))
            return render_template("staff/notices.html", form=form, preview=None), 400
        cost = sms_cost(text)
        preview = {"count": len(recipients), "encoding": cost.encoding, "segments": cost.segments,
                   "changed": text != form["text"], "text": text,
                   "cost": len(recipients) * cost.segments * services.settings.sms_price_per_segment,
                   "batch": form["batch"] or uuid.uuid4().hex}
        if form["step"] != "send":
            return render_template("staff/notices.html", form=form, preview=preview)
        purpose = Purpose.NOTICE if form["mode"] == "one" else Purpose.BROADCAST
        # The preview's batch id makes a double click (or a re-sent form) queue nothing new. Phones
        # that wrote on WhatsApp within its 24-hour window get it there; the rest by SMS.
        ids, chats = notify_phones(db, after, services.vault, recipients, text, purpose,
                                   f"{purpose}:{preview['batch']}", services.whatsapp is not None,
                                   datetime.now(UTC))
        log_access(db, f"send_{purpose}", mask_phone(recipients[0]) if purpose == Purpose.NOTICE
                   else f"rt_rw={form['rt_rw'] or 'all'}", f"{len(ids) + len(chats)} recipient(s)")
        if purpose == Purpose.NOTICE:
            for message_id in ids:
                after.send(message_id)
        else:
            after.broadcast(ids, preview["batch"])
    flash(f"{t('queued')}: {len(ids) + len(chats)}")
    return redirect(url_for(".messages"))


@bp.get("/messages")
@login_required()
def messages():
    """What was sent to whom; failures first for a phone call. Viewing it is audit-logged."""
    services = current_services()
    follow_up = request.args.get("view") == "follow-up"
    stmt = select(OutboundSms).order_by(OutboundSms.id.desc()).limit(200)
    if follow_up:
        stmt = stmt.where(OutboundSms.status.in_(FOLLOW_UP))
    limits = services.settings.section("limits")
    with Session(services.database) as db, db.begin():
        rows = db.scalars(stmt).all()
        waiting = db.scalar(select(func.count()).where(OutboundSms.status == MessageStatus.QUEUED,
                                                       OutboundSms.last_error == BUDGET_WAITING))
        chats = [] if follow_up else db.scalars(select(OutboundChat).order_by(OutboundChat.id.desc())
                                                .limit(200)).all()
        # Which WhatsApp message each SMS stands in for, so the page says which channel delivered it.
        stand_ins = {c.fallback_sms_id: c.id for c in db.scalars(select(OutboundChat).where(
            OutboundChat.fallback_sms_id.in_([m.id for m in rows])))}
        log_access(db, "view_messages", detail="follow-up" if follow_up else "all")
        return render_template("staff/messages.html", rows=rows, follow_up=follow_up, chats=chats,
                               stand_ins=stand_ins, pause=open_pause(db), mask_phone=mask_phone,
                               FOLLOW_UP=FOLLOW_UP, spent=services.counters.spent_today(datetime.now(UTC)),
                               budget=limits.daily_budget, waiting=waiting,
                               now=datetime.now(UTC))


@bp.post("/messages/resume")
@login_required()
def resume():
    """End a sending pause and queue the held messages (after the balance was topped up)."""
    services = current_services()
    with recording(services.database, services.jobs) as (db, after):
        ids = resume_sending(db, g.staff["username"])
        log_access(db, "resume_sending", detail=f"{len(ids)} held")
        for message_id in ids:
            after.send(message_id, force=True)
    return redirect(url_for(".messages"))


def _recipients(db: Session, form: dict) -> list[str]:
    if form["mode"] == "one":
        phone = parse_phone(form["phone"])
        return [phone] if phone else []
    consenting = select(PhonePreference.phone).where(PhonePreference.broadcasts.is_(True))
    if form["rt_rw"]:
        consenting = consenting.where(PhonePreference.phone.in_(
            select(Resident.phone).where(Resident.rt_rw == form["rt_rw"])))
    return sorted(db.scalars(consenting).all())
