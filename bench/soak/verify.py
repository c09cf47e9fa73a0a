"""After the soak: compare what residents were shown and promised with what the database stored and
the provider took; print the counts and return each check as (name, passed, detail)."""

from collections import Counter

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gateway.store.applications import Application
from gateway.store.inbox import InboundSms
from gateway.store.messages import MessageStatus, OutboundSms

from .provider import SoakProvider
from .residents import Tally

DONE = (MessageStatus.SENT, MessageStatus.DELIVERED)
OPEN = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.HELD)


def drained(engine: Engine) -> bool:
    """Nothing left to send or to answer."""
    with Session(engine) as session:
        waiting = session.scalar(select(func.count()).select_from(OutboundSms)
                                 .where(OutboundSms.status.in_(OPEN)))
        unanswered = session.scalar(select(func.count()).select_from(InboundSms)
                                    .where(InboundSms.answered_at.is_(None)))
    return waiting == 0 and unanswered == 0


def check(engine: Engine, provider: SoakProvider, tally: Tally, faults: list, recovery_limit: float):
    with Session(engine) as session:
        stored_codes = dict(session.execute(select(Application.code, Application.phone)).all())
        rows = session.execute(select(OutboundSms.phone, OutboundSms.status, OutboundSms.last_error)).all()
    by_phone: dict[str, list] = {}
    for phone, status, last_error in rows:
        by_phone.setdefault(phone, []).append((status, last_error))
    taken = provider.taken_by_phone()

    outcome = Counter()
    for phone in tally.promised:
        stored, sent = by_phone.get(phone, []), len(taken.get(phone, []))
        if len(stored) == 1 and stored[0][0] in DONE and sent == 1:
            outcome["sent exactly once"] += 1
        elif len(stored) == 1 and stored[0][0] == MessageStatus.FAILED and stored[0][1] and sent == 0:
            outcome["failed, with a reason"] += 1
        elif sent > 1:
            outcome["sent more than once"] += 1
        elif not stored:
            outcome["never stored"] += 1
        else:
            outcome[f"left {stored[0][0]}, sent {sent} time(s)"] += 1
    unpromised = sorted(set(taken) - set(tally.promised))
    missing_codes = [code for code, phone in tally.codes.items() if stored_codes.get(code) != phone]
    hops = tally.hops

    print("soak: journeys   ", dict(sorted(tally.journeys.items())))
    print("soak: hops       ", dict(sorted(hops.items())))
    print("soak: SMS callbacks posted, by answer", dict(sorted(tally.callbacks.items())))
    print(f"soak: codes shown {len(tally.codes)}, stored {len(tally.codes) - len(missing_codes)}")
    print(f"soak: SMS promised {len(tally.promised)}:", dict(sorted(outcome.items())))
    print(f"soak: SMS the provider took without a promise on screen: {len(unpromised)}")
    print(f"soak: provider: {sum(len(t) for t in taken.values())} taken, {provider.refused_500} answered "
          f"500, {len(provider.dropped)} dropped by a dying sender")
    for name, result in faults:
        print(f"soak: fault {name!r}: recovered in {result['recovery_s']} s")

    bad = {k: v for k, v in outcome.items() if k not in ("sent exactly once", "failed, with a reason")}
    recoveries = [r["recovery_s"] for _, r in faults]
    return [
        ("residents ran every journey", set(tally.journeys) >= {
            "requirements_sms", "apply", "status", "sms_keyword", "barred_number"}, tally.journeys),
        ("no hop got a 5xx", hops["5xx"] == 0, hops["5xx"]),
        ("no hop was refused or timed out", hops["refused"] + hops["timeout"] == 0, hops),
        ("every code shown exists", not missing_codes and bool(tally.codes), missing_codes[:5]),
        ("every SMS promised was sent exactly once or failed with a reason",
         not bad and bool(tally.promised), bad),
        ("all four faults happened", len(faults) >= 4 and len(faults) % 4 == 0, len(faults)),
        (f"each fault recovered within {recovery_limit:.0f} s",
         all(r is not None and r <= recovery_limit for r in recoveries), recoveries),
    ]
