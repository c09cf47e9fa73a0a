"""The counter (loket): register a resident who came in person, and print their receipt."""

import secrets

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from menus.nik import mask_nik
from menus.privacy import mask_phone

from ..errors import ApplicationLimitError
from ..services import current_services
from ..store.applications import Application
from ..web.login import log_access, login_required, t
from .registration import read_walk_in, register

bp = Blueprint("counter", __name__, url_prefix="/staff/counter", template_folder="templates")


@bp.get("/")
@login_required()
def choose():
    """First the service: its documents become the form's checklist."""
    return render_template("staff/counter.html", catalog=current_services().catalog, service=None)


@bp.route("/<service_key>", methods=["GET", "POST"])
@login_required()
def walk_in(service_key: str):
    """The form for one service; sent, it registers the resident and opens the receipt."""
    services = current_services()
    service = services.catalog.service(service_key)
    if service is None:
        abort(404, f"no service {service_key}")
    if request.method == "GET":
        return _form(service, {"form_id": secrets.token_urlsafe(12)}, {})
    form_id = request.form.get("form_id", "")[:40]
    walk_in, errors = read_walk_in(request.form, service)
    if walk_in is None or not form_id:
        return _form(service, request.form, errors), 400
    try:
        code, sms_queued = register(services, service, walk_in, form_id, g.staff["username"])
    except ApplicationLimitError as exc:
        note = t(f"walk_in_limit_{exc.kind}").format(service=service.short(session.get("lang", "id")))
        return _form(service, request.form, {}, note), 409
    flash(t("walk_in_done").format(code=code) if sms_queued else t("walk_in_no_sms").format(code=code))
    return redirect(url_for(".receipt", code=code))


@bp.get("/receipt/<code>")
@login_required()
def receipt(code: str):
    """The tanda terima to print: code, service, documents received and missing, pickup, how to ask."""
    services = current_services()
    with Session(services.database) as db, db.begin():
        application = db.scalar(select(Application).options(joinedload(Application.resident))
                                .where(Application.code == code.upper()))
        if application is None:
            abort(404, f"no application {code}")
        nik = mask_nik(services.vault.decrypt(application.resident.nik_encrypted))
        log_access(db, "view_receipt", application.code)
        catalog = services.catalog
        return render_template("staff/receipt.html", a=application, nik=nik,
                               phone=mask_phone(application.phone), office=catalog.office,
                               service=catalog.service(application.service_key),
                               received=[i for i in application.items if i.checked],
                               missing=[i for i in application.items if not i.checked])


def _form(service, values, errors: dict, note: str = ""):
    texts, lang = current_services().texts, session.get("lang", "id")
    messages = {field: t(key) if key == "bad_phone" else texts(lang, key) for field, key in errors.items()}
    return render_template("staff/counter.html", service=service, values=values, errors=messages, note=note,
                           catalog=None)
