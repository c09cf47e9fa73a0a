"""Record what the provider said about messages sent: one (waiting out a lost database: once the
provider has answered, what it said must be written down, or the message would go again), or a
whole broadcast batch in a few statements."""

import logging
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..backoff import patiently
from ..providers import Outcome, Receipt
from ..services import Services
from ..store.messages import (
    EarlyDeliveryReport,
    MessageStatus,
    OutboundSms,
    Purpose,
    SendingPause,
    open_pause,
)
from ..store.phones import set_broadcasts
from .delivery import apply_early_reports

log = logging.getLogger(__name__)
# Wait this long for a lost database before giving up on writing an answer down (the job's
# timeout is longer).
RECEIPT_PATIENCE = 120.0


def record_receipt(services: Services, message_id: int, receipt: Receipt, attempt: int | None = None) -> str:
    """Record what the provider said, then apply any delivery report that came before it.

    `attempt` is the claim this answer belongs to: when another attempt has claimed the message
    since (the sweep took it from a silent job), that attempt's answer is the one kept."""
    outcome, spent = patiently(
        lambda: _store_receipt(services.database, services.provider.name, message_id, receipt, attempt),
        f"recording the provider's answer for SMS {message_id}", RECEIPT_PATIENCE)
    if spent:
        services.counters.spend(spent, datetime.now(UTC))
    if receipt.accepted and receipt.message_id:
        try:
            apply_early_reports(services.database, receipt.message_id)
        except SQLAlchemyError:  # the message is sent; the kept report waits, as it would have
            log.exception("could not apply an early delivery report to SMS %s", message_id)
    return outcome


def _store_receipt(database: Engine, provider: str, message_id: int, receipt: Receipt,
                   attempt: int | None) -> tuple[str, int]:
    """Record the receipt; return what happened and the segments it spent from today's budget
    (none for a broadcast: it took its share before it was sent)."""
    with Session(database) as session, session.begin():
        message = session.get(OutboundSms, message_id)
        if attempt is not None and message.attempts != attempt:
            log.warning("SMS %s: the provider answered attempt %s after attempt %s took over",
                        message_id, attempt, message.attempts)
            return "superseded", 0
        if not receipt.accepted:
            return _store_refusal(session, provider, message, receipt), 0
        message.provider = provider
        message.provider_message_id = receipt.message_id or None
        message.cost = receipt.cost
        message.status, message.sent_at = MessageStatus.SENT, datetime.now(UTC)
        message.last_error = "" if receipt.message_id else "provider answer unreadable"
        return "sent", 0 if message.purpose == Purpose.BROADCAST else message.segments


def record_receipts(services: Services, receipts: list[tuple[int, Receipt]]) -> list[str]:
    """Record what the provider said about each message in one transaction, then apply delivery
    reports that came before; say what happened to each."""
    outcomes = patiently(lambda: _store_receipts(services, receipts), "recording a batch's answers",
                         RECEIPT_PATIENCE)
    ids = [r.message_id for _, r in receipts if r.accepted and r.message_id]
    try:
        # One look for early reports across the batch; a report before its id is the rare case.
        with Session(services.database) as session:
            early = set(session.scalars(select(EarlyDeliveryReport.provider_message_id).where(
                EarlyDeliveryReport.provider_message_id.in_(ids)).distinct()))
        for provider_message_id in early:
            apply_early_reports(services.database, provider_message_id)
    except SQLAlchemyError:  # the messages are sent; a kept report waits, as it would have
        log.exception("could not apply early delivery reports to %d message(s)", len(ids))
    return [outcomes[message_id] for message_id, _ in receipts]


def _store_refusal(session: Session, provider: str, message: OutboundSms, receipt: Receipt) -> str:
    message.provider = provider
    message.provider_message_id = receipt.message_id or None
    message.cost = receipt.cost
    message.last_error = receipt.detail[:200]
    if receipt.outcome == Outcome.STOP_ALL:
        message.status = MessageStatus.HELD
        if not open_pause(session):
            session.add(SendingPause(reason=receipt.detail[:200]))
            session.flush()  # the next refused recipient of a batch sees this pause
        log.error("all sending is paused (%s): fix it, then `flask sms resume`", receipt.detail)
        return "held: sending paused"
    message.status = MessageStatus.FAILED
    if receipt.opted_out:
        set_broadcasts(session, message.phone, False)
    log.warning("SMS %s to %s refused: %s", message.id, mask_phone(message.phone), message.last_error)
    return f"failed: {message.last_error}"


def _store_receipts(services: Services, receipts: list[tuple[int, Receipt]]) -> dict[int, str]:
    accepted = [(m, r) for m, r in receipts if r.accepted]
    refused = [(m, r) for m, r in receipts if not r.accepted]
    now, outcomes = datetime.now(UTC), {}
    with Session(services.database) as session, session.begin():
        if accepted:  # the usual case, set-based: one executemany UPDATE by primary key
            session.execute(update(OutboundSms), [
                {"id": message_id, "provider": services.provider.name, "cost": r.cost,
                 "provider_message_id": r.message_id or None, "status": MessageStatus.SENT, "sent_at": now,
                 "updated_at": now, "last_error": "" if r.message_id else "provider answer unreadable"}
                for message_id, r in accepted])
            outcomes.update((message_id, "sent") for message_id, _ in accepted)
        messages = {m.id: m for m in session.scalars(select(OutboundSms).where(
            OutboundSms.id.in_([message_id for message_id, _ in refused])))} if refused else {}
        for message_id, receipt in refused:
            outcomes[message_id] = _store_refusal(session, services.provider.name, messages[message_id],
                                                  receipt)
    return outcomes
