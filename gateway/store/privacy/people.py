"""Find everything Sapa holds about one person, by phone number or NIK, and write it out whole
(the right of access, Pasal 32): the resident rows, applications with their checklists and
history, SMS to and from their phones that still have a text, phone preferences, the access-log
rows about them and their requests."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from menus import Catalog
from menus.nik import nik_problem, normalise_nik
from menus.phones import parse_phone
from menus.privacy import mask_phone

from ..applications import Application, Resident
from ..chats import InboundChat, OutboundChat
from ..inbox import InboundSms
from ..messages import OutboundSms
from ..phones import PhonePreference
from ..staff import AuditEntry
from ..vault import Vault
from .requests import PrivacyRequest


@dataclass(frozen=True)
class Subject:
    """Whom a rights request is about: resident rows (one per NIK) and phone numbers."""

    resident_ids: tuple[int, ...] = ()
    phones: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.resident_ids or self.phones)

    @property
    def label(self) -> str:
        """How the access log names the subject: row ids and masked phones, never a NIK or a number."""
        parts = [f"resident:{n}" for n in self.resident_ids] + [mask_phone(p) for p in self.phones]
        return " ".join(parts)[:80]


def read_query(query: str) -> tuple[str, str] | None:
    """("nik", digits) or ("phone", E.164) for what staff typed (in any script's digits); None when
    it is neither."""
    if nik_problem(query) is None:
        return "nik", normalise_nik(query)
    phone = parse_phone(query)
    return ("phone", phone) if phone else None


def find_subject(session: Session, vault: Vault, kind: str, value: str) -> Subject:
    """The residents and phones a NIK or a phone number leads to (empty when nothing is held)."""
    if kind == "nik":
        hashes = vault.search_hashes(value)  # two while DATA_KEY is being rotated
        residents = session.scalars(select(Resident).where(Resident.nik_hash.in_(hashes))).all()
        phones: set[str] = set()
    else:
        applied = select(Application.resident_id).where(Application.phone == value)
        residents = session.scalars(select(Resident).where(
            or_(Resident.phone == value, Resident.id.in_(applied)))).all()
        phones = {value} if _phone_has_data(session, value) else set()
    ids = [r.id for r in residents]
    phones |= {r.phone for r in residents if r.phone}
    phones |= set(session.scalars(select(Application.phone).where(Application.resident_id.in_(ids),
                                                                  Application.phone != "")).all())
    return Subject(tuple(sorted(ids)), tuple(sorted(phones)))


def _phone_has_data(session: Session, phone: str) -> bool:
    return any(session.scalar(select(column).where(column == phone).limit(1)) for column in (
        Application.phone, Resident.phone, OutboundSms.phone, InboundSms.phone, OutboundChat.phone,
        InboundChat.phone, PhonePreference.phone))


def applications_of(session: Session, subject: Subject) -> list[Application]:
    return list(session.scalars(select(Application).where(or_(
        Application.resident_id.in_(subject.resident_ids), Application.phone.in_(subject.phones)))
        .order_by(Application.created_at)).unique())


def export_subject(session: Session, vault: Vault, catalog: Catalog, subject: Subject,
                   office: str, now: datetime) -> dict:
    """Everything held about the subject, as plain data (JSON-ready), in the order a person reads it."""
    applications = applications_of(session, subject)
    codes = [a.code for a in applications]
    residents = session.scalars(select(Resident).where(Resident.id.in_(subject.resident_ids))).all()
    about = [f"resident:{n}" for n in subject.resident_ids] + codes + [mask_phone(p) for p in subject.phones]
    return {
        "office": office, "made_at": _iso(now),
        "residents": [{"name": r.name, "nik": vault.decrypt(r.nik_encrypted) if r.nik_encrypted else "",
                       "phone": r.phone, "rt_rw": r.rt_rw, "first_seen": _iso(r.created_at),
                       "erased_at": _iso(r.erased_at)} for r in residents],
        "applications": [_application(a, catalog) for a in applications],
        "sms_sent": [{"at": _iso(m.created_at), "phone": m.phone, "purpose": m.purpose, "status": m.status,
                      "text": m.text} for m in session.scalars(select(OutboundSms).where(
                          OutboundSms.phone.in_(subject.phones), OutboundSms.text != "")
                          .order_by(OutboundSms.id))],
        "sms_received": [{"at": _iso(m.received_at), "phone": m.phone, "keyword": m.keyword, "text": m.text}
                         for m in session.scalars(select(InboundSms).where(
                             InboundSms.phone.in_(subject.phones)).order_by(InboundSms.id))],
        "whatsapp_sent": [{"at": _iso(m.created_at), "phone": m.phone, "purpose": m.purpose,
                           "status": m.status, "text": m.chat_message(vault).body}
                          for m in session.scalars(select(OutboundChat).where(
                              OutboundChat.phone.in_(subject.phones), OutboundChat.message != "")
                              .order_by(OutboundChat.id))],
        "whatsapp_received": [{"at": _iso(m.received_at), "phone": m.phone, "keyword": m.keyword,
                               "text": m.text or m.tapped} for m in session.scalars(
                                   select(InboundChat).where(InboundChat.phone.in_(subject.phones))
                                   .order_by(InboundChat.id))],
        "phone_preferences": [{"phone": p.phone, "language": p.language, "broadcasts": p.broadcasts,
                               "updated_at": _iso(p.updated_at)} for p in session.scalars(
                                   select(PhonePreference).where(PhonePreference.phone.in_(subject.phones)))],
        "access_log": [{"at": _iso(e.at), "staff": e.staff, "action": e.action, "target": e.target,
                        "detail": e.detail} for e in session.scalars(select(AuditEntry).where(
                            AuditEntry.target.in_(about)).order_by(AuditEntry.id))],
        "requests": [{"kind": r.kind, "channel": r.channel, "received_at": _iso(r.received_at),
                      "due_at": _iso(r.due_at), "answered_at": _iso(r.answered_at), "answer": r.answer}
                     for r in session.scalars(select(PrivacyRequest).where(
                         PrivacyRequest.contact.in_(subject.phones)).order_by(PrivacyRequest.id))],
    }


def _application(a: Application, catalog: Catalog) -> dict:
    service = catalog.service(a.service_key)
    return {"code": a.code, "service": service.name.id if service else a.service_key, "status": a.status,
            "name": a.applicant_name, "phone": a.phone, "rt_rw": a.rt_rw,
            "ready_on": a.ready_on.isoformat() if a.ready_on else None, "created_at": _iso(a.created_at),
            "anonymised_at": _iso(a.anonymised_at),
            "checklist": [{"document": i.text_id, "seen": i.checked, "missing": i.missing} for i in a.items],
            "history": [{"at": _iso(h.at), "from": h.from_status, "to": h.to_status, "by": h.by,
                         "reason": h.reason} for h in a.history]}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
