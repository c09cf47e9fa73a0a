"""Applications: residents, applications with their checklists and history, and the changes a
resident makes to them (apply, cancel)."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from menus import Catalog
from menus.effects import CreateApplication
from menus.lifecycle import OPEN, Status, can_move

from ..errors import ApplicationLimitError
from ..limits import Limits
from .database import Base, UtcDateTime, utcnow
from .phones import PhonePreference
from .vault import Vault


class Resident(Base):
    """A person applications are for. The NIK is stored encrypted, plus a keyed hash to search by."""

    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nik_encrypted: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    rt_rw: Mapped[str] = mapped_column(String(7), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # anonymised: no name, NIK, phone


class Application(Base):
    """One request for one service, tracked by its code."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    dedupe_key: Mapped[str] = mapped_column(String(80), unique=True)
    service_key: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"))
    phone: Mapped[str] = mapped_column(String(20), index=True)  # the phone that applied
    # ussd, sms or whatsapp: where it came from, and where its notices go
    channel: Mapped[str] = mapped_column(String(10), server_default="ussd")
    # As given with this application: a later one under the same NIK must not relabel this one.
    applicant_name: Mapped[str] = mapped_column(String(60), server_default="")
    rt_rw: Mapped[str] = mapped_column(String(7), server_default="")
    ready_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # Kept for the counts (service, status, dates) after the person was taken out of it.
    anonymised_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    resident: Mapped[Resident] = relationship()
    items: Mapped[list["ChecklistItem"]] = relationship(order_by="ChecklistItem.position",
                                                        cascade="all, delete-orphan")
    history: Mapped[list["StatusChange"]] = relationship(order_by="StatusChange.id",
                                                         cascade="all, delete-orphan")


class ChecklistItem(Base):
    """One required document, copied from the catalog when the application was made."""

    __tablename__ = "checklist_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text_id: Mapped[str] = mapped_column(String(120))
    text_en: Mapped[str] = mapped_column(String(120))
    checked: Mapped[bool] = mapped_column(Boolean, default=False)
    missing: Mapped[bool] = mapped_column(Boolean, default=False)


class StatusChange(Base):
    """Who moved an application, when and why."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    by: Mapped[str] = mapped_column(String(60))  # a staff username, "resident" or "system"
    reason: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def create_application(session: Session, vault: Vault, catalog: Catalog, data: CreateApplication,
                       phone: str, dedupe_key: str, channel: str) -> Application:
    """Add the application (and its resident, checklist and first history row); idempotent per key."""
    existing = session.scalar(select(Application).where(Application.dedupe_key == dedupe_key))
    if existing:
        return existing
    nik_hash = vault.search_hash(data.nik)
    resident = session.scalar(select(Resident).where(Resident.nik_hash.in_(vault.search_hashes(data.nik))))
    if resident is None:
        resident = Resident(nik_hash=nik_hash, nik_encrypted=vault.encrypt(data.nik))
        session.add(resident)
    elif resident.nik_hash != nik_hash:  # found under the key being rotated out: move it to the new one
        resident.nik_hash, resident.nik_encrypted = nik_hash, vault.encrypt(data.nik)
    # The resident row holds the latest details (broadcasts by RT/RW use it); each application
    # keeps its own copy of what was given with it.
    resident.name, resident.phone, resident.rt_rw = data.name, phone, data.rt_rw
    service = catalog.service(data.service)
    application = Application(
        code=data.code, dedupe_key=dedupe_key, service_key=service.key, status=Status.RECEIVED,
        resident=resident, phone=phone, applicant_name=data.name, rt_rw=data.rt_rw, channel=channel.lower(),
        items=[ChecklistItem(position=n, text_id=doc.id, text_en=doc.en)
               for n, doc in enumerate(service.requirements, start=1)],
        history=[StatusChange(to_status=Status.RECEIVED, by="resident", reason=channel)])
    session.add(application)
    return application


def check_open_limits(session: Session, vault: Vault, limits: Limits, data: CreateApplication, phone: str,
                      dedupe_key: str) -> None:
    """Raise ApplicationLimitError when this new application would pass the limits on open ones
    (per NIK and service, per phone). The rows counted are locked first, so two requests at once
    cannot both pass; the same request again (a re-sent hop) is not new and passes."""
    if session.scalar(select(Application.id).where(Application.dedupe_key == dedupe_key)):
        return
    still_open = Application.status.in_([str(s) for s in OPEN])
    if limits.open_per_nik_service:
        resident = session.scalar(select(Resident).where(Resident.nik_hash.in_(vault.search_hashes(data.nik)))
                                  .with_for_update())
        if resident is not None and session.scalar(select(func.count()).where(
                Application.resident_id == resident.id, Application.service_key == data.service,
                still_open)) >= limits.open_per_nik_service:
            raise ApplicationLimitError("nik", data.service)
    if limits.open_per_phone:
        session.get(PhonePreference, phone, with_for_update=True)
        if session.scalar(select(func.count()).where(Application.phone == phone, still_open)) \
                >= limits.open_per_phone:
            raise ApplicationLimitError("phone", data.service)


def cancel_by_resident(session: Session, code: str, phone: str, reason: str) -> bool:
    """Cancel an open application from the phone that made it (SMS BATAL); record who and why."""
    application = session.scalar(select(Application).where(Application.code == code))
    if application is None or application.phone != phone or not can_move(application.status,
                                                                          Status.CANCELLED):
        return False
    application.history.append(StatusChange(from_status=application.status, to_status=Status.CANCELLED,
                                            by="resident", reason=reason))
    application.status = Status.CANCELLED
    return True
