"""The provider's USSD callbacks: one hop of a session, and the end-of-session notification."""

import logging
import time

from flask import Blueprint, request
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from menus.privacy import mask_phone

from ..services import current_services
from ..store.ussd_ends import UssdSessionEnd
from ..web.callbacks import require_callback_token
from .answers import answer_text
from .payloads import UssdHop, parse_session_end, parse_ussd_hop

bp = Blueprint("ussd", __name__)
log = logging.getLogger(__name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/ussd")
@require_callback_token
def hop():
    """Answer a hop with `CON ...` or `END ...`; never a 5xx, which would drop the session.

    Most hops are answered before Flask by gateway/ussd/fast_path.py; this view takes the rest
    (a multipart body, say) and answers them the same way."""
    started = time.perf_counter()
    return answer(parse_ussd_hop(request.form), started)


def answer(parsed: UssdHop, started: float):
    """The response to a parsed hop: always a screen, even when Redis or the database is down."""
    return answer_text(current_services(), parsed, started), 200, PLAIN


@bp.post("/ussd/events")
@require_callback_token
def session_end():
    """Record how a session ended; the same notification twice is stored once."""
    event = parse_session_end(request.form)
    row = UssdSessionEnd(
        session_id=event.session_id, service_code=event.service_code,
        network_code=event.network_code, phone_masked=mask_phone(event.phone),
        status=event.status, cost=event.cost, duration_ms=event.duration_ms,
        hops_count=event.hops_count, error_message=event.error_message, provider_date=event.date)
    try:
        with Session(current_services().database) as session, session.begin():
            session.add(row)
    except IntegrityError:
        return "already recorded\n", 200, PLAIN
    except SQLAlchemyError:
        log.exception("could not record the end of USSD session %s", event.session_id)
        return "database unavailable, please retry\n", 503, PLAIN
    return "recorded\n", 200, PLAIN

