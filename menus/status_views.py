"""The status journey: this phone's recent applications, or any code (service and status only)."""

from .records import Summary
from .view import Action, Context, Input, View


def status(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t = ctx.texts
    recent = ctx.records.recent(ctx.phone)[:3]
    options = tuple((str(n), f"{s.code} {status_label(ctx, lang, s.status)}",
                     Action("push", "status_result", s.code)) for n, s in enumerate(recent, start=1))
    return View(title=t(lang, "status_title"), lines=() if recent else (t(lang, "status_none"),),
                options=(*options, ("9", t(lang, "status_other"), Action("push", "status_code"))))


def status_code(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    return View(title=ctx.texts(lang, "ask_code"), input=Input("code", "status_result", as_arg=True))


def status_result(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t = ctx.texts
    found = ctx.records.find(arg, ctx.phone)
    if found is None:
        return View(title=t(lang, "status_not_found", code=arg))
    return View(title=t(lang, "status_code", value=found.code), lines=summary_lines(ctx, lang, found))


def summary_lines(ctx: Context, lang: str, found: Summary) -> tuple[str, ...]:
    """Service and status for anyone; what is missing and the collection date for the applicant."""
    t, service = ctx.texts, ctx.catalog.service(found.service_key)
    lines = [t(lang, "status_service", value=service.short(lang) if service else found.service_key),
             t(lang, "status_is", value=status_label(ctx, lang, found.status))]
    if found.own and found.missing:
        lines.append(t(lang, "status_missing", value="; ".join(doc(lang) for doc in found.missing)))
    if found.own and found.ready_on:
        lines.append(t(lang, "status_ready_on", value=found.ready_on))
    return tuple(lines)


def status_label(ctx: Context, lang: str, status_value: str) -> str:
    return ctx.texts(lang, f"st_{status_value}")
