"""Correct a resident's details, and erase a person: anonymise, so that applications keep their
service, status and dates for the office's counts and lose the person (Pasal 43-44)."""

import secrets
from datetime import datetime

import redis
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from menus.lifecycle import Status, can_move
from menus.privacy import mask_phone

from ..applications import Application, Resident, StatusChange
from ..chats import ChatStatus, InboundChat, OutboundChat
from ..inbox import InboundSms
from ..messages import MessageStatus, OutboundSms
from ..phones import PhoneKeys, PhonePreference
from .people import Subject, applications_of
from .requests import PrivacyRequest

CORRECTABLE = ("name", "rt_rw", "phone")
CLOSED = (Status.DONE, Status.CANCELLED)
IN_FLIGHT = (MessageStatus.SENDING,)  # a worker holds it: the retention job clears it later


def correct_resident(session: Session, resident: Resident, changes: dict[str, str]) -> list[str]:
    """Set the given fields on the resident and on their open applications; return the fields that
    changed (the caller logs their names, never the old values)."""
    changed = [f for f in CORRECTABLE if f in changes and getattr(resident, f) != changes[f]]
    for application in session.scalars(select(Application).where(
            Application.resident_id == resident.id, Application.status.not_in(CLOSED))):
        for field in changed:
            setattr(application, "applicant_name" if field == "name" else field, changes[field])
    for field in changed:
        setattr(resident, field, changes[field])
    return changed


def anonymise_application(application: Application, now: datetime) -> None:
    """Take the person out of an application; its service, status, dates and checklist stay."""
    application.applicant_name, application.rt_rw, application.phone = "", "", ""
    for change in application.history:
        change.reason = ""  # staff may have written the person's circumstances there
    application.anonymised_at = now


def erase_resident(resident: Resident, now: datetime) -> None:
    """Blank the resident row; a random hash keeps the NIK column unique and matches no NIK."""
    resident.name, resident.phone, resident.rt_rw = "", "", ""
    resident.nik_encrypted, resident.nik_hash = "", f"erased:{secrets.token_hex(24)}"
    resident.erased_at = now


def erase_subject(session: Session, subject: Subject, by: str, now: datetime) -> dict[str, int]:
    """Erase a person: open applications are cancelled (without an SMS), every application of theirs
    anonymised, their resident rows blanked, SMS texts to and from their phones cleared (numbers
    masked) and their phone preferences deleted. Return what was done, by count."""
    applications = applications_of(session, subject)
    for application in applications:
        if can_move(application.status, Status.CANCELLED):
            application.history.append(StatusChange(from_status=application.status, by=by[:60],
                                                    to_status=Status.CANCELLED))
            application.status = Status.CANCELLED
        anonymise_application(application, now)
    residents = session.scalars(select(Resident).where(Resident.id.in_(subject.resident_ids))).all()
    for resident in residents:
        erase_resident(resident, now)
    counts = {"applications": len(applications), "residents": len(residents)}
    counts.update(clear_phones(session, subject.phones))
    return counts


def clear_phones(session: Session, phones: tuple[str, ...] | list[str]) -> dict[str, int]:
    """Clear the SMS texts to and from these phones, mask the numbers, drop their preferences."""
    counts = {"sms_sent": 0, "sms_received": 0, "whatsapp_sent": 0, "whatsapp_received": 0,
              "phone_preferences": 0}
    for phone in phones:
        masked = mask_phone(phone)
        session.execute(update(OutboundSms).where(  # not sent yet: never send it now
            OutboundSms.phone == phone, OutboundSms.status.in_([MessageStatus.QUEUED, MessageStatus.HELD]))
            .values(status=MessageStatus.FAILED, last_error="erased on request"))
        counts["sms_sent"] += session.execute(update(OutboundSms).where(
            OutboundSms.phone == phone, OutboundSms.status.not_in(IN_FLIGHT))
            .values(text="", phone=masked)).rowcount
        counts["sms_received"] += session.execute(update(InboundSms).where(InboundSms.phone == phone)
                                                  .values(text="", phone=masked)).rowcount
        session.execute(update(OutboundChat).where(  # not sent yet: never send it now
            OutboundChat.phone == phone, OutboundChat.status == ChatStatus.QUEUED)
            .values(status=ChatStatus.FAILED, last_error="erased on request"))
        counts["whatsapp_sent"] += session.execute(update(OutboundChat).where(
            OutboundChat.phone == phone, OutboundChat.status != ChatStatus.SENDING).values(
            message="", text="", fallback_text="", template_params="", phone=masked)).rowcount
        counts["whatsapp_received"] += session.execute(update(InboundChat).where(InboundChat.phone == phone)
                                                       .values(text="", tapped="", phone=masked)).rowcount
        counts["phone_preferences"] += session.execute(
            delete(PhonePreference).where(PhonePreference.phone == phone)).rowcount
        session.execute(update(PrivacyRequest).where(PrivacyRequest.contact == phone).values(contact=masked))
    return counts


def forget_cached(client: redis.Redis, keys: PhoneKeys, phones: tuple[str, ...] | list[str]) -> None:
    """Drop what Redis holds under these phones' keyed names: the cached language, the USSD session
    (live or resumable; the release before kept the latter as :resume) and the WhatsApp conversation
    (each may hold a draft application)."""
    names = [name for phone in phones for name in (keys.language(phone), f"{keys(phone)}:ussd",
                                                   f"{keys(phone)}:resume", f"{keys(phone)}:wa")]
    if names:
        client.delete(*names)
