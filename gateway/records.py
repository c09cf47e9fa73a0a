"""Tables for applications: residents, applications and their checklists, history, staff, audit."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base, UtcDateTime
from .models import utcnow


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
    # As given with this application: a later one under the same NIK must not relabel this one.
    applicant_name: Mapped[str] = mapped_column(String(60), server_default="")
    rt_rw: Mapped[str] = mapped_column(String(7), server_default="")
    ready_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

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


class StaffUser(Base):
    """A console account: admin (accounts, catalog, reveal NIK) or petugas (applications, notices)."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuditEntry(Base):
    """A record of processing: which staff member saw or changed what. Never holds a NIK."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(String(300), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
