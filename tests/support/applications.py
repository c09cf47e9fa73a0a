"""Put applications, SMS and USSD session ends straight into the database, at chosen times, for the
summary and the exports (applying by USSD cannot choose a creation time or a status)."""

from datetime import date, datetime

from sqlalchemy.orm import Session

from gateway.store.applications import Application, ChecklistItem, Resident, StatusChange
from gateway.store.messages import OutboundSms
from gateway.store.ussd_ends import UssdSessionEnd
from gateway.store.vault import Vault


def add_application(db: Session, vault: Vault, n: int, service: str, status: str, made: datetime,
                    ready_on: date | None = None, nik: str | None = None) -> Application:
    """Application number `n` (its code SAPA{n:04d}), by a resident of its own."""
    nik = nik or f"31710157089{n % 100000:05d}"
    resident = Resident(nik_hash=vault.search_hash(nik), nik_encrypted=vault.encrypt(nik), name=f"Warga {n}",
                        phone=f"+62812{n:07d}", rt_rw="003/007", created_at=made)
    application = Application(
        code=f"T{n:05d}", dedupe_key=f"test:{n}", service_key=service, status=status, resident=resident,
        phone=resident.phone, channel="ussd", applicant_name=resident.name, rt_rw="003/007", created_at=made,
        ready_on=ready_on, items=[ChecklistItem(position=1, text_id="KTP", text_en="KTP")],
        history=[StatusChange(to_status="diterima", by="resident", at=made)])
    db.add(application)
    return application


def add_sms(db: Session, n: int, status: str, made: datetime, cost: str = "") -> None:
    db.add(OutboundSms(dedupe_key=f"test-sms:{n}", phone="+6281200000000", text="Halo", purpose="notice",
                       status=status, segments=1, cost=cost, created_at=made))


def add_session_end(db: Session, n: int, status: str, hops: int | None, at: datetime) -> None:
    db.add(UssdSessionEnd(session_id=f"test-{n}", service_code="*384*123#", network_code="51010",
                          phone_masked="+628*******890", status=status, cost="", duration_ms=1000,
                          hops_count=hops, error_message="", provider_date="", received_at=at))
