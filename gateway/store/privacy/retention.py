"""Erase what has outlived its purpose (Pasal 42-44), run daily by the worker and by
`flask privacy retention`: the person in closed applications, old SMS texts and numbers,
USSD session-end reports and the oldest access-log rows."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..applications import Application, Resident, StatusChange
from ..chats import ChatStatus, InboundChat, OutboundChat
from ..database import scrub
from ..inbox import InboundSms
from ..messages import MessageStatus, OutboundSms
from ..staff import AuditEntry
from ..ussd_ends import UssdSessionEnd
from .erasure import CLOSED, anonymise_application, erase_resident
from .policy import PrivacyPolicy
from .requests import PrivacyRequest

FINAL = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.UNDELIVERED)
CHAT_FINAL = (ChatStatus.SENT, ChatStatus.DELIVERED, ChatStatus.READ, ChatStatus.FAILED)
BATCH = 500


@dataclass
class RetentionReport:
    """What one run erased (or, in a dry run, would erase), by kind."""

    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{name} {n}" for name, n in self.counts.items())


def apply_retention(database: Engine, policy: PrivacyPolicy, now: datetime, dry_run: bool = False
                    ) -> RetentionReport:
    """Erase everything past its period; a dry run only counts. Safe to run again at any time."""
    report = RetentionReport()
    closed_before = now - timedelta(days=policy.retention_days)
    with Session(database) as session, session.begin():
        report.counts["applications"] = _anonymise_closed(session, closed_before, now, dry_run)
        report.counts["residents"] = _erase_forgotten(session, now, dry_run)
        body_before = now - timedelta(days=policy.sms_body_days)
        sent, received = OutboundSms, InboundSms
        steps = [
            ("sms_texts", update(sent).where(sent.status.in_(FINAL), sent.text != "",
                                             sent.created_at < body_before).values(text="")),
            ("sms_received_texts", update(received).where(
                received.text != "", received.received_at < body_before).values(text="")),
            ("sms_numbers", update(sent).where(sent.status.in_(FINAL), _unmasked(sent.phone),
                                               sent.created_at < closed_before)),
            ("sms_received_numbers", update(received).where(_unmasked(received.phone),
                                                            received.received_at < closed_before)),
            ("whatsapp_texts", update(OutboundChat).where(
                OutboundChat.status.in_(CHAT_FINAL), OutboundChat.message != "",
                OutboundChat.created_at < body_before).values(message="", text="", fallback_text="",
                                                              template_params="")),
            ("whatsapp_received_texts", update(InboundChat).where(
                (InboundChat.text != "") | (InboundChat.tapped != ""), InboundChat.received_at < body_before)
                .values(text="", tapped="")),
            ("whatsapp_numbers", update(OutboundChat).where(
                OutboundChat.status.in_(CHAT_FINAL), _unmasked(OutboundChat.phone),
                OutboundChat.created_at < closed_before)),
            ("whatsapp_received_numbers", update(InboundChat).where(
                _unmasked(InboundChat.phone), InboundChat.received_at < closed_before)),
            ("ussd_session_ends", delete(UssdSessionEnd).where(
                UssdSessionEnd.received_at < now - timedelta(days=policy.session_end_days))),
            ("access_log", delete(AuditEntry).where(AuditEntry.at < now - timedelta(days=policy.audit_days))),
            ("answered_requests", delete(PrivacyRequest).where(
                PrivacyRequest.answered_at < now - timedelta(days=policy.audit_days))),
        ]
        for name, statement in steps:
            if dry_run:
                report.counts[name] = session.scalar(select(func.count()).select_from(statement.table)
                                                     .where(statement.whereclause)) or 0
            elif name.endswith("numbers"):
                report.counts[name] = _mask_numbers(session, statement)
            else:
                report.counts[name] = session.execute(statement).rowcount
    if not dry_run:
        scrub(database)  # SQLite: push the cleared pages out of the WAL, so no old text lingers
    return report


def _anonymise_closed(session: Session, before: datetime, now: datetime, dry_run: bool) -> int:
    """Applications closed (selesai, dibatalkan) before `before`, by their last move, lose the person."""
    closed_at = (select(StatusChange.application_id).group_by(StatusChange.application_id)
                 .having(func.max(StatusChange.at) < before))
    stmt = select(Application).where(Application.status.in_(CLOSED), Application.anonymised_at.is_(None),
                                     Application.id.in_(closed_at))
    if dry_run:
        return len(session.scalars(stmt).all())
    done = 0
    while batch := session.scalars(stmt.limit(BATCH)).all():
        for application in batch:
            anonymise_application(application, now)
        session.flush()
        done += len(batch)
    return done


def _erase_forgotten(session: Session, now: datetime, dry_run: bool) -> int:
    """Residents whose every application was anonymised are blanked too: nothing needs them now."""
    kept = select(Application.resident_id).where(Application.anonymised_at.is_(None))
    residents = session.scalars(select(Resident).where(Resident.erased_at.is_(None),
                                                       Resident.id.not_in(kept))).all()
    if not dry_run:
        for resident in residents:
            erase_resident(resident, now)
    return len(residents)


def _unmasked(column):
    return (column != "") & ~column.contains("*")


def _mask_numbers(session: Session, statement) -> int:
    """Replace the phone numbers of old SMS rows by their masked form (the counts and costs stay)."""
    table = statement.table
    rows = session.execute(select(table.c.id, table.c.phone).where(statement.whereclause)).all()
    for row_id, phone in rows:
        session.execute(update(table).where(table.c.id == row_id).values(phone=mask_phone(phone)))
    return len(rows)
