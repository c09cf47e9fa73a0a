"""Record an incoming SMS once per provider id; the row is what the answer job works from."""

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import InboundSms
from .sms_payloads import IncomingSms


def record_inbound(database: Engine, sms: IncomingSms) -> tuple[int, str]:
    """Return (row id, "new" | "unanswered" | "answered"); the provider may post the same id again."""
    try:
        with Session(database) as session, session.begin():
            row = InboundSms(provider_id=sms.provider_id, phone=sms.phone, short_code=sms.short_code,
                             text=sms.text, link_id=sms.link_id)
            session.add(row)
            session.flush()
            return row.id, "new"
    except IntegrityError:
        with Session(database) as session:
            row = session.scalar(select(InboundSms).where(InboundSms.provider_id == sms.provider_id))
            return row.id, "unanswered" if row.answered_at is None else "answered"
