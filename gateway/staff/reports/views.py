"""The summary (Ringkasan), the printable monthly report, and the exports (CSV and XLSX).

The summary and the report hold counts only; the queue's export holds names and masked phones (no
NIK), so it is an admin's, and every export is written to the access log.
"""

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, render_template, request, session
from sqlalchemy.orm import Session

from ...services import current_services
from ...store.reports import month_of, summarise
from ...web.login import log_access, login_required, t, word
from ...web.times import in_zone
from ..filters import QueueFilter
from .sheets import FORMATS, write_table
from .tables import Words, charts, queue_header, queue_rows, summary_rows

bp = Blueprint("reports", __name__, url_prefix="/staff", template_folder="../templates")
EXPORT_MAX = 20_000  # rows in one queue export: a village office's several years


@bp.get("/summary")
@login_required()
def summary():
    """The month in numbers and charts; the first page the lurah sees."""
    return _page("staff/summary.html", "view_summary")


@bp.get("/report")
@login_required()
def report():
    """The month for the camat, laid out to print on A4."""
    return _page("staff/report.html", "view_report")


@bp.get("/summary/export")
@login_required()
def export_summary():
    services, fmt = current_services(), _format(request.args.get("format", ""))
    words = _words()
    with Session(services.database) as db, db.begin():
        counted = _summarise(db)
        rows = summary_rows(counted, services.catalog, words)
        log_access(db, "export_summary", detail=f"{counted.month:%Y-%m} {fmt} rows={len(rows)}")
    body = write_table(fmt, f"{counted.month:%Y-%m}", [t("section"), t("col_item"), t("col_value")], rows)
    return _download(body, fmt, f"sapa-ringkasan-{counted.month:%Y-%m}")


@bp.post("/export")
@login_required(role="admin")
def export_queue():
    """The queue as filtered on its page (every page of it), without NIK."""
    services, fmt = current_services(), _format(request.form.get("format", ""))
    filters = QueueFilter.from_request(services.catalog)
    with Session(services.database) as db, db.begin():
        rows = db.scalars(filters.rows(services.vault, paged=False).limit(EXPORT_MAX)).unique().all()
        table = queue_rows(rows, services.catalog, _words(), services.settings.timezone)
        log_access(db, "export_queue", detail=f"{filters.describe()} {fmt} rows={len(table)}")
    body = write_table(fmt, t("queue_title"), queue_header(_words()), table)
    made = in_zone(datetime.now(UTC), services.settings.timezone)
    return _download(body, fmt, f"sapa-antrian-{made:%Y%m%d-%H%M}")


def _page(template: str, action: str):
    services = current_services()
    with Session(services.database) as db, db.begin():
        counted = _summarise(db)
        log_access(db, action, detail=f"{counted.month:%Y-%m}")
    return render_template(template, s=counted, charts=charts(counted, services.catalog, _words()),
                           office=services.catalog.office, month=f"{counted.month:%Y-%m}")


def _summarise(db: Session):
    services, now = current_services(), datetime.now(UTC)
    month = month_of(request.args.get("month", "")[:7], services.settings.timezone, now)
    return summarise(db, services.catalog, month, services.settings.timezone, now)


def _words() -> Words:
    texts, lang = current_services().texts, session.get("lang", "id")
    return Words(lang, t, lambda status: texts(lang, f"st_{status}"), word)


def _format(raw: str) -> str:
    if raw not in FORMATS:
        abort(400, "format must be csv or xlsx")
    return raw


def _download(body: bytes, fmt: str, name: str) -> Response:
    return Response(body, mimetype=FORMATS[fmt], headers={
        "Content-Disposition": f"attachment; filename={name}.{fmt}", "Cache-Control": "no-store"})
