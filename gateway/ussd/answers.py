"""The text of the answer to a hop, `CON ...` or `END ...`, shared by the Flask view and the fast
path: always a screen, even when Redis or the database is down, and every hop counted."""

import logging
import time

from menus import Reply, Texts
from menus.privacy import mask_phone

from ..errors import StoreUnavailableError
from ..metrics import HOP_SECONDS, HOPS
from ..services import Services
from .hop import answer_hop
from .payloads import UssdHop

log = logging.getLogger(__name__)


def answer_text(services: Services, parsed: UssdHop, started: float) -> str:
    """Answer a parsed hop; never raise, since a 5xx would drop the resident's session."""
    try:
        reply = answer_hop(services, parsed)
        screen, ends = reply.screen, reply.ends
        outcome, shown = "end" if reply.ends else "continue", screen_name(reply)
    except StoreUnavailableError:
        log.warning("USSD hop from %s answered with the outage screen: Redis unreachable",
                    mask_phone(parsed.phone))
        screen, ends, outcome, shown = outage_screen(services.texts), True, "redis_down", "outage"
    except Exception:
        log.exception("USSD hop from %s failed", mask_phone(parsed.phone))
        screen, ends, outcome, shown = outage_screen(services.texts), True, "failed", "outage"
    HOPS.labels(outcome, shown).inc()
    HOP_SECONDS.observe(time.perf_counter() - started)
    return ("END " if ends else "CON ") + screen


def screen_name(reply: Reply) -> str:
    """The name of the screen a reply shows (one of menus.nodes.NODES), for the hop counter."""
    stack = reply.state.get("stack") if isinstance(reply.state, dict) else None
    return stack[-1].get("n", "unknown") if stack else "end"


def outage_screen(texts: Texts) -> str:
    """Say sorry in both languages: without Redis we cannot know the phone's language."""
    return f"{texts('id', 'unavailable')}\n{texts('en', 'unavailable')}"
