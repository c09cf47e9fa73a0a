"""Admin-only console pages for records: the access log and breach
readiness (the access log for a time window as CSV, and a draft of the Pasal 46 notice)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, flash, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..services import current_services
from ..store.privacy import access_csv, access_rows, affected_residents, notice_draft
from ..store.staff import AuditEntry
from ..web.login import log_access, login_required, t

bp = Blueprint("records", __name__, url_prefix="/staff/admin", template_folder="templates")


@bp.get("/audit")
@login_required(role="admin")
def audit_log():
    """The newest 300 entries of the record of processing."""
    with Session(current_services().database) as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300)).all()
        return render_template("staff/audit.html", rows=rows)


@bp.route("/breach", methods=["GET", "POST"])
@login_required(role="admin")
def breach():
    """Pick a time window; see who saw or changed what in it, a draft notice, and download the CSV."""
    services = current_services()
    zone = ZoneInfo(services.settings.timezone)
    now = datetime.now(zone).replace(second=0, microsecond=0)
    start = _local(request.form.get("start", ""), zone) or now - timedelta(days=1)
    end = _local(request.form.get("end", ""), zone) or now + timedelta(minutes=1)
    if request.method == "GET":
        return render_template("staff/breach.html", start=start, end=end, rows=None)
    if end <= start:
        flash(t("bad_window"))
        return render_template("staff/breach.html", start=start, end=end, rows=None), 400
    with Session(services.database) as db, db.begin():
        rows = access_rows(db, start, end)
        affected = affected_residents(db, rows)
        log_access(db, "breach_export" if request.form.get("csv") else "breach_review",
                   detail=f"{start.isoformat()} - {end.isoformat()} rows={len(rows)}")
        if request.form.get("csv"):
            name = f"sapa-access-{start:%Y%m%d%H%M}-{end:%Y%m%d%H%M}.csv"
            return Response(access_csv(rows, services.settings.timezone), mimetype="text/csv",
                            headers={"Content-Disposition": f"attachment; filename={name}"})
        draft = notice_draft(rows, affected, start, end, services.catalog.office.name,
                             services.settings.section("privacy"), services.settings.timezone,
                             datetime.now(UTC))
        return render_template("staff/breach.html", start=start, end=end, rows=rows, draft=draft,
                               affected=affected)


def _local(raw: str, zone: ZoneInfo) -> datetime | None:
    """A datetime-local form value ("2026-11-28T14:30"), read in the office's time zone."""
    try:
        return datetime.fromisoformat(raw[:16]).replace(tzinfo=zone)
    except ValueError:
        return None
