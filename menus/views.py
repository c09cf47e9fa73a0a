"""Build each USSD screen (a View) from the catalog and texts: one function per node."""

from collections.abc import Callable
from dataclasses import dataclass

from .catalog import Catalog
from .texts import Texts


@dataclass(frozen=True)
class Action:
    """What choosing an option does: push a node, set the language, resume, restart, or end."""

    kind: str  # "push" | "language" | "resume" | "restart" | "sms" | "end"
    node: str = ""
    arg: str = ""


@dataclass(frozen=True)
class View:
    """One screen before pagination: a title, information lines and numbered options."""

    title: str
    lines: tuple[str, ...] = ()
    options: tuple[tuple[str, str, Action], ...] = ()  # (what to type, label, action)
    shortcuts: tuple[tuple[str, str, Action], ...] = ()  # shown on the navigation line of every page


@dataclass(frozen=True)
class Context:
    """Everything a hop may read besides its own state: the catalog, the texts, the phone's
    language and a snapshot of a dropped session that may be resumed."""

    catalog: Catalog
    texts: Texts
    lang: str = "id"
    resume: dict | None = None


def root(ctx: Context, lang: str, arg: str) -> View:
    t = ctx.texts
    return View(
        title=t(lang, "welcome", office=ctx.catalog.office.name),
        options=(
            ("1", t(lang, "menu_requirements"), Action("push", "services")),
            ("2", t(lang, "menu_office"), Action("push", "office")),
            ("3", t(lang, "menu_language"), Action("push", "language")),
            ("0", t(lang, "menu_exit"), Action("end", arg="goodbye")),
        ),
    )


def services(ctx: Context, lang: str, arg: str) -> View:
    return View(
        title=ctx.texts(lang, "services_title"),
        options=tuple(
            (str(n), s.short(lang), Action("push", "requirements", s.key))
            for n, s in enumerate(ctx.catalog.services, start=1)
        ),
    )


def requirements(ctx: Context, lang: str, arg: str) -> View:
    service = ctx.catalog.service(arg)
    if service is None:  # a snapshot from before the catalog changed
        return services(ctx, lang, "")
    t = ctx.texts
    lines = [f"- {doc(lang)}" for doc in service.requirements]
    lines.append(t(lang, "processing", value=service.processing(lang)))
    lines.append(t(lang, "fee", value=service.fee(lang)))
    if service.notes:
        lines.append(t(lang, "notes", value=service.notes(lang)))
    return View(title=t(lang, "requirements_title", service=service.short(lang)), lines=tuple(lines),
                shortcuts=(("9", t(lang, "menu_sms"), Action("sms", arg=service.key)),))


def office(ctx: Context, lang: str, arg: str) -> View:
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


def language(ctx: Context, lang: str, arg: str) -> View:
    t = ctx.texts
    return View(
        title=t(lang, "language_title"),
        options=(
            ("1", t(lang, "language_id"), Action("language", arg="id")),
            ("2", t(lang, "language_en"), Action("language", arg="en")),
        ),
    )


def resume(ctx: Context, lang: str, arg: str) -> View:
    t = ctx.texts
    return View(
        title=t(lang, "resume_title"),
        options=(
            ("1", t(lang, "resume_continue"), Action("resume")),
            ("2", t(lang, "resume_restart"), Action("restart")),
        ),
    )


NODES: dict[str, Callable[[Context, str, str], View]] = {
    "root": root,
    "services": services,
    "requirements": requirements,
    "office": office,
    "language": language,
    "resume": resume,
}
