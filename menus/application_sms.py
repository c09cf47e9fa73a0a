"""SMS keywords about applications: STATUS <code>, BATAL <code>, DAFTAR <no>."""

from .codes import read_code
from .effects import CancelApplication, Effect
from .lifecycle import OPEN, Status
from .view import Context


def status_reply(arg: str, ctx: Context, lang: str) -> tuple[str, tuple[Effect, ...]]:
    """Service and status for any phone; what is missing or when to collect for the applicant."""
    t = ctx.texts
    code = read_code(arg)
    found = ctx.records.find(code, ctx.phone) if code else None
    if found is None:
        return t(lang, "sms_status_unknown"), ()
    details = ""
    if found.own and found.missing:
        details = t(lang, "sms_status_missing", value="; ".join(doc(lang) for doc in found.missing))
    elif found.own and found.ready_on and found.status == Status.READY:
        details = t(lang, "sms_status_ready", value=found.ready_on)
    return t(lang, "sms_status", code=found.code, service=_service_name(ctx, lang, found.service_key),
             status=t(lang, f"st_{found.status}"), details=details), ()


def cancel_reply(arg: str, ctx: Context, lang: str) -> tuple[str, tuple[Effect, ...]]:
    """Cancel an open application, only from the phone that made it."""
    t = ctx.texts
    code = read_code(arg)
    found = ctx.records.find(code, ctx.phone) if code else None
    if found is None or not found.own:  # another phone's code: say no more than for a wrong code
        return t(lang, "sms_status_unknown"), ()
    if Status(found.status) not in OPEN:
        return t(lang, "sms_cannot_cancel", code=found.code, status=t(lang, f"st_{found.status}").lower()), ()
    service = _service_name(ctx, lang, found.service_key)
    return (t(lang, "sms_cancelled", code=found.code, service=service),
            (CancelApplication(found.code),))


def apply_reply(service_number: int | None, ctx: Context, lang: str) -> str:
    """Answer DAFTAR with the USSD shortcut that opens the apply journey (for that service)."""
    base = ctx.catalog.office.ussd_code.rstrip("#")
    if service_number is None:
        return ctx.texts(lang, "sms_apply_list", ussd=f"{base}*2#")
    service = ctx.catalog.services[service_number - 1]
    return ctx.texts(lang, "sms_apply", service=service.short(lang), ussd=f"{base}*2*{service_number}#")


def _service_name(ctx: Context, lang: str, key: str) -> str:
    service = ctx.catalog.service(key)
    return service.short(lang) if service else key
