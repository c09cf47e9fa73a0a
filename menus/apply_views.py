"""The apply journey: service, name, NIK, RT/RW, consent to announcements, confirm."""

from .nik import mask_nik
from .view import Action, Context, Input, View


def apply_service(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    return View(
        title=ctx.texts(lang, "apply_title"),
        options=tuple((str(n), s.short(lang), Action("draft", "apply_name", s.key))
                      for n, s in enumerate(ctx.catalog.services, start=1)),
    )


def apply_name(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    return View(title=ctx.texts(lang, "ask_name"), input=Input("name", "apply_nik"))


def apply_nik(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    return View(title=ctx.texts(lang, "ask_nik"), input=Input("nik", "apply_rt_rw"))


def apply_rt_rw(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    return View(title=ctx.texts(lang, "ask_rt_rw"), input=Input("rt_rw", "apply_consent"))


def apply_consent(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t = ctx.texts
    return View(title=t(lang, "ask_consent"), options=(
        ("1", t(lang, "yes"), Action("consent", "apply_confirm", "yes")),
        ("2", t(lang, "no"), Action("consent", "apply_confirm", "no")),
    ))


def apply_confirm(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t, service = ctx.texts, ctx.catalog.service(draft.get("service", ""))
    return View(
        title=t(lang, "confirm_title"),
        lines=(
            t(lang, "confirm_service", value=service.short(lang) if service else "?"),
            t(lang, "confirm_name", value=draft.get("name", "")),
            t(lang, "confirm_nik", value=mask_nik(draft.get("nik", ""))),
            t(lang, "confirm_rt_rw", value=draft.get("rt_rw", "")),
        ),
        options=(
            ("1", t(lang, "confirm_send"), Action("submit")),
            ("2", t(lang, "confirm_cancel"), Action("end", arg="apply_cancelled")),
        ),
    )
