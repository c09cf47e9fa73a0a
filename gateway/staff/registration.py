"""Register a resident who came to the counter in person: the same application, tracking code,
checklist, open-application limits and SMS as applying by USSD (the CreateApplication handler in
gateway/effects.py), recorded as made by the staff member, with the documents seen ticked at once."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from menus.catalog import Service
from menus.codes import format_code
from menus.effects import CreateApplication
from menus.inputs import read_name, read_nik, read_rt_rw
from menus.phones import parse_phone

from ..effects import EffectScope, apply_effects
from ..jobs import recording
from ..services import Services
from ..store.applications import Application
from ..store.phones import language_of
from ..store.vault import random_code_symbols
from ..web.login import log_access

CHANNEL = "counter"


@dataclass(frozen=True)
class WalkIn:
    """What the counter form gave, read and normalised as the USSD questions read it."""

    name: str
    phone: str
    nik: str
    rt_rw: str
    consent: bool
    brought: frozenset[int]  # positions of the documents seen at the counter


def read_walk_in(form: MultiDict, service: Service) -> tuple[WalkIn | None, dict[str, str]]:
    """Return the walk-in, or None and the text key of each field's problem."""
    name, name_error = read_name(form.get("name", "")[:80])
    nik, nik_error = read_nik(form.get("nik", "")[:40])
    rt_rw, rt_rw_error = read_rt_rw(form.get("rt_rw", "")[:20])
    phone = parse_phone(form.get("phone", "")[:30])
    errors = {field: error for field, error in (("name", name_error), ("nik", nik_error),
                                                  ("rt_rw", rt_rw_error)) if error}
    if phone is None:
        errors["phone"] = "bad_phone"
    if errors:
        return None, errors
    count = len(service.requirements)
    ticked = (int(v) for v in form.getlist("brought") if v.isdigit() and len(v) < 4)
    brought = frozenset(n for n in ticked if 1 <= n <= count)
    return WalkIn(name, phone, nik, rt_rw, form.get("consent") == "yes", brought), {}


def register(services: Services, service: Service, walk_in: WalkIn, form_id: str, staff: str
             ) -> tuple[str, bool]:
    """Create the application and queue its SMS; return (tracking code, whether the SMS was queued).
    The same form sent twice creates one application. ApplicationLimitError when over a limit."""
    key, scope = f"{CHANNEL}:{form_id}", None
    try:
        with recording(services.database, services.jobs) as (db, after):
            existing = db.scalar(select(Application).where(Application.dedupe_key == key))
            if existing is not None:
                return existing.code, True
            lang = language_of(db, walk_in.phone)
            code = format_code(random_code_symbols())
            sms = services.texts(lang, "sms_counter", service=service.name(lang), code=code)
            effect = CreateApplication(service=service.key, code=code, name=walk_in.name, nik=walk_in.nik,
                                       rt_rw=walk_in.rt_rw, consent=walk_in.consent, sms=sms)
            scope = EffectScope(db, services, walk_in.phone, key, CHANNEL, after, datetime.now(UTC))
            apply_effects(scope, [effect])
            application = db.scalar(select(Application).where(Application.dedupe_key == key))
            application.history[0].by = staff  # made at the counter by this member, not by the resident
            for item in application.items:
                item.checked = item.position in walk_in.brought
            log_access(db, "walk_in", code, f"service={service.key} documents={len(walk_in.brought)}/"
                       f"{len(application.items)}")
    finally:
        if scope is not None:  # the locks are held until the application is committed
            scope.release()
    return code, not scope.refused
