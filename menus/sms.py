"""Answer an incoming SMS, and write the SMS texts the USSD menu sends: pure, like the engine."""

import difflib
import re
from dataclasses import dataclass

from .application_sms import apply_reply, cancel_reply, status_reply
from .catalog import Catalog, Service
from .effects import Effect, RememberLanguage, RequestData, SetBroadcasts
from .keywords import data_request_kind, read_command
from .view import Context

# Words that name no service by themselves: matching on them would pick one at random.
COMMON_WORDS = {"surat", "keterangan", "pengantar", "certificate", "of", "letter", "for", "a",
                "the", "cover", "letters", "sk"}
ECHOABLE = re.compile(r"[a-z ]{1,20}")  # what an unknown-service reply may quote back: never digits


@dataclass(frozen=True)
class SmsReply:
    """The reply to send back, and effects for the shell (language, broadcast consent)."""

    text: str
    effects: tuple[Effect, ...] = ()


def answer_sms(text: str, ctx: Context) -> SmsReply:
    """Return the reply to an incoming SMS, in the phone's language."""
    command, lang, t, office = read_command(text), ctx.lang, ctx.texts, ctx.catalog.office
    if command.name == "info":
        return SmsReply(info_sms(ctx, lang))
    if command.name == "requirements":
        service = find_service(ctx.catalog, command.arg)
        if service is None:
            if not command.arg:
                return SmsReply(info_sms(ctx, lang))
            return SmsReply(unknown_service(command.arg, ctx, lang))
        return SmsReply(requirements_sms(service, ctx, lang))
    if command.name in ("status", "cancel"):
        reply = status_reply if command.name == "status" else cancel_reply
        text_, effects = reply(command.arg, ctx, lang)
        return SmsReply(text_, effects)
    if command.name == "apply":
        service = find_service(ctx.catalog, command.arg) if command.arg else None
        number = ctx.catalog.services.index(service) + 1 if service else None
        return SmsReply(apply_reply(number, ctx, lang))
    if command.name == "stop":
        return SmsReply(t(lang, "sms_stopped", office=office.name), (SetBroadcasts(on=False),))
    if command.name == "start":
        return SmsReply(t(lang, "sms_started", office=office.name), (SetBroadcasts(on=True),))
    if command.name == "data":
        kind = data_request_kind(command.arg)
        return SmsReply(t(lang, f"sms_data_{kind}", office=office.name, contact=office.contact),
                        (RequestData(kind),))
    if command.name == "language" and command.arg[:2].lower() in ("id", "en"):
        chosen = command.arg[:2].lower()
        return SmsReply(t(chosen, "sms_language"), (RememberLanguage(chosen),))
    return SmsReply(t(lang, "sms_help", ussd=office.ussd_code))


def unknown_service(query: str, ctx: Context, lang: str) -> str:
    """Say no service matched, echoing the query only when it is a few letters: a resident may type
    a NIK or a phone number after SYARAT, and the reply is stored and sent back in clear."""
    query = query.lower()
    if ECHOABLE.fullmatch(query):
        return ctx.texts(lang, "sms_unknown_service", query=query)
    return ctx.texts(lang, "sms_unknown_service_plain")


def info_sms(ctx: Context, lang: str) -> str:
    """List the services with their numbers."""
    services = ", ".join(f"{n} {s.short(lang)}" for n, s in enumerate(ctx.catalog.services, start=1))
    return ctx.texts(lang, "sms_info", services=services)


def requirements_sms(service: Service, ctx: Context, lang: str) -> str:
    """Write a service's full requirements as one SMS that stays on the phone."""
    documents = "\n".join(f"{n}. {doc(lang)}" for n, doc in enumerate(service.requirements, start=1))
    return ctx.texts(lang, "sms_requirements", service=service.name(lang), documents=documents,
                     processing=service.processing(lang), fee=service.fee(lang),
                     notes=f"\n{service.notes(lang)}" if service.notes else "",
                     contact=ctx.catalog.office.contact)


def find_service(catalog: Catalog, query: str) -> Service | None:
    """Find a service by its number, key or (a close spelling of) a word of its name."""
    query = query.strip().lower()
    first = query.split(" ", 1)[0]
    if first.isdigit():  # "2", or "2 tolong" from a resident who adds a word
        number = int(first)
        return catalog.services[number - 1] if 1 <= number <= len(catalog.services) else None
    words = [w for w in re.split(r"[^0-9a-z]+", query) if w and w not in COMMON_WORDS]
    if not words:
        return None
    index: dict[str, set[str]] = {}
    for service in catalog.services:
        for name in (service.key, service.short.id, service.short.en, service.name.id, service.name.en):
            for word in re.split(r"[^0-9a-z]+", name.lower()):
                if word and word not in COMMON_WORDS:
                    index.setdefault(word, set()).add(service.key)
    matches: set[str] | None = None
    for word in words:
        close = difflib.get_close_matches(word, index, n=3, cutoff=0.75)
        if len(word) >= 4:  # "lahir" is part of "kelahiran", "mampu" of "tidak mampu"
            close += [name for name in index if word in name]
        found = set().union(*(index[c] for c in close)) if close else set()
        matches = found if matches is None else matches & found
    return catalog.service(matches.pop()) if matches and len(matches) == 1 else None
