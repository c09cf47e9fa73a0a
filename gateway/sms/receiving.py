"""Take in an SMS a resident sent, from any provider: record it once, queue its answer."""

import logging

from ..errors import REDIS_DOWN
from ..providers import IncomingSms
from ..services import Services
from ..store.inbox import record_inbound

log = logging.getLogger(__name__)


def accept_incoming(services: Services, sms: IncomingSms) -> str:
    """Record the message (once per provider id) and queue its answer; never call the provider.

    Return "new", "unanswered" (seen before, answer still to come) or "answered". Raises
    SQLAlchemyError when it could not be recorded: the caller must not acknowledge it then.
    """
    inbound_id, state = record_inbound(services.database, sms.provider_id, sms.phone, sms.short_code,
                                       sms.text, sms.link_id)
    if state == "answered":
        return state
    try:
        services.jobs.answer(inbound_id)
    except REDIS_DOWN:
        # Recorded, so not lost: the worker's sweep answers it once Redis is back.
        log.warning("incoming SMS %s recorded; queue unreachable, the sweep will answer it", inbound_id)
    return state
