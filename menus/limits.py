"""Check every SMS the catalog can produce: GSM-7, and at most a few segments."""

from datetime import date

from .catalog import LANGUAGES, Catalog
from .gsm7 import is_gsm7, sms_cost
from .lifecycle import NOTICES
from .notices import REASON_MAX, notice_text
from .sms import answer_sms, info_sms, requirements_sms
from .texts import Texts
from .view import Context

MAX_SEGMENTS = 3
# Replies that must stay one segment (160 characters): they go out most often.
ONE_SEGMENT_KEYWORDS = ("BANTUAN", "BERHENTI", "MULAI", "BAHASA EN", "BAHASA ID", "SYARAT 99", "halo",
                        "DAFTAR", "DAFTAR 7", "STATUS XX-XXXXX", "BATAL XX-XXXXX", "DATA", "DATA UBAH",
                        "DATA HAPUS")


def sms_problems(catalog: Catalog, texts: Texts) -> list[str]:
    """Return one line per SMS that is not GSM-7 or costs more than it may."""
    problems = []
    for lang in LANGUAGES:
        ctx = Context(catalog, texts, lang=lang)
        messages = {f"INFO ({lang})": (info_sms(ctx, lang), MAX_SEGMENTS)}
        for service in catalog.services:
            messages[f"SYARAT {service.key} ({lang})"] = (requirements_sms(service, ctx, lang), MAX_SEGMENTS)
        for service in catalog.services:
            all_missing = [doc(lang) for doc in service.requirements]
            for status in NOTICES:
                text = notice_text(texts, catalog, lang, status, service.key, "XX-XXXXX", all_missing,
                                   date(2026, 12, 31), "x" * REASON_MAX)
                messages[f"notice {status} {service.key} ({lang})"] = (text, MAX_SEGMENTS)
            counter = texts(lang, "sms_counter", service=service.name(lang), code="XX-XXXXX")
            messages[f"counter {service.key} ({lang})"] = (counter, MAX_SEGMENTS)
        for keyword in ONE_SEGMENT_KEYWORDS:
            messages[f"{keyword} ({lang})"] = (answer_sms(keyword, ctx).text, 1)
        for name, (text, allowed) in messages.items():
            cost = sms_cost(text)
            if not is_gsm7(text):
                problems.append(f"SMS {name} is not GSM-7")
            if cost.segments > allowed:
                problems.append(f"SMS {name} costs {cost.segments} segments ({cost.units} characters); "
                                f"at most {allowed}: shorten its texts")
    return problems
