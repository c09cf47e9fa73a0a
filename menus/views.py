"""The information screens: welcome, services, requirements, office, language, resume."""

from .view import Action, Context, View


def root(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t = ctx.texts
    return View(
        title=t(lang, "welcome", office=ctx.catalog.office.name),
        options=(
            ("1", t(lang, "menu_requirements"), Action("push", "services")),
            ("2", t(lang, "menu_apply"), Action("push", "apply_service")),
            ("3", t(lang, "menu_status"), Action("push", "status")),
            ("4", t(lang, "menu_office"), Action("push", "office")),
            ("5", t(lang, "menu_language"), Action("push", "language")),
            ("0", t(lang, "menu_exit"), Action("end", arg="goodbye")),
        ),
    )


def services(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    return View(
        title=ctx.texts(lang, "services_title"),
        options=tuple(
            (str(n), s.short(lang), Action("push", "requirements", s.key))
            for n, s in enumerate(ctx.catalog.services, start=1)
        ),
    )


def requirements(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    service = ctx.catalog.service(arg)
    if service is None:  # a snapshot from before the catalog changed
        return services(ctx, lang, "", draft)
    t = ctx.texts
    lines = [f"- {doc(lang)}" for doc in service.requirements]
    lines.append(t(lang, "processing", value=service.processing(lang)))
    lines.append(t(lang, "fee", value=service.fee(lang)))
    if service.notes:
        lines.append(t(lang, "notes", value=service.notes(lang)))
    sms = (("9", t(lang, "menu_sms"), Action("sms", arg=service.key)),) if ctx.sms_copy else ()
    return View(title=t(lang, "requirements_title", service=service.short(lang)), lines=tuple(lines),
                shortcuts=sms)


def office(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t, o = ctx.texts, ctx.catalog.office
    return View(
        title=o.name,
        lines=(
            t(lang, "office_address", value=o.address),
            t(lang, "office_hours", value=o.hours(lang)),
            t(lang, "office_contact", value=o.contact),
            t(lang, "office_ussd", value=o.ussd_code),
        ),
    )


def language(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t = ctx.texts
    return View(
        title=t(lang, "language_title"),
        options=(
            ("1", t(lang, "language_id"), Action("language", arg="id")),
            ("2", t(lang, "language_en"), Action("language", arg="en")),
        ),
    )


def resume(ctx: Context, lang: str, arg: str, draft: dict) -> View:
    t = ctx.texts
    return View(
        title=t(lang, "resume_title"),
        options=(
            ("1", t(lang, "resume_continue"), Action("resume")),
            ("2", t(lang, "resume_restart"), Action("restart")),
        ),
    )
