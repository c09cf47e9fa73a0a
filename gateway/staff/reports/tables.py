"""What the pages and the exports show, in the member's language: the summary as labelled numbers
and charts, the queue as rows. Nothing here reads the database; no row carries a NIK."""

from collections.abc import Callable
from dataclasses import dataclass

from menus import Catalog
from menus.lifecycle import Status
from menus.privacy import mask_phone

from ...store.applications import Application
from ...store.reports import Summary
from ...web.times import local_text


@dataclass(frozen=True)
class Words:
    """The member's language and the console's ways to put things in it."""

    lang: str
    t: Callable[[str], str]  # a console label
    status: Callable[[str], str]  # an application status
    word: Callable[[str], str]  # a stored code

    def service(self, catalog: Catalog, key: str) -> str:
        found = catalog.service(key)
        return found.short(self.lang) if found else key


@dataclass(frozen=True)
class Chart:
    """A bar chart: (label, value, bar length as a share of the longest) for each bar."""

    id: str
    title: str
    bars: list[tuple[str, int, float]]
    note: str = ""


def chart(id_: str, title: str, items: list[tuple[str, int]], note: str = "") -> Chart:
    top = max((value for _, value in items), default=0)
    return Chart(id_, title, [(label, value, value / top if top else 0.0) for label, value in items], note)


def charts(summary: Summary, catalog: Catalog, words: Words) -> list[Chart]:
    """The summary page's charts, in the order they are shown."""
    t, word = words.t, words.word
    by_service = sorted(summary.by_service.items(), key=lambda item: -item[1])
    return [
        chart("chart-status", t("sum_by_status"),
              [(words.status(s), summary.by_status.get(s, 0)) for s in Status]),
        chart("chart-service", t("sum_by_service"),
              [(words.service(catalog, key), count) for key, count in by_service]),
        chart("chart-weeks", t("sum_weeks"), [(f"{day:%d-%m}", count) for day, count in summary.weeks]),
        chart("chart-sms", t("sum_sms"), [(word(s), count) for s, count in sorted(summary.sms.items())]),
        chart("chart-drop-offs", t("sum_drop_offs"),
              [(f"{hops} {t('sum_screens')}", n) for hops, n in summary.drop_offs], t("sum_drop_note")),
    ]


def summary_rows(summary: Summary, catalog: Catalog, words: Words) -> list[list]:
    """The month as (section, item, value) rows, for CSV and XLSX."""
    t, word = words.t, words.word
    rows = [[t("sum_by_status"), words.status(s), summary.by_status.get(s, 0)] for s in Status]
    rows += [[t("sum_by_service"), words.service(catalog, key), count]
             for key, count in sorted(summary.by_service.items())]
    rows += [[t("summary_title"), t(key), getattr(summary, field)] for key, field in (
        ("sum_new_month", "new_month"), ("sum_new_week", "new_week"), ("sum_late", "late"),
        ("sum_ready", "ready"), ("sum_ready_overdue", "ready_overdue"))]
    rows += [[t("sum_weeks"), f"{t('sum_week_of')} {day:%d-%m-%Y}", n] for day, n in summary.weeks]
    rows += [[t("sum_sms"), word(status), n] for status, n in sorted(summary.sms.items())]
    rows += [[t("sum_sms_cost"), currency, float(amount)]
             for currency, amount in sorted(summary.sms_cost.items())]
    rows += [[t("sum_sms_cost"), t("sum_cost_unknown"), summary.sms_cost_unknown]]
    rows += [[t("sum_ussd"), word(status), n] for status, n in sorted(summary.ussd.items())]
    rows += [[t("sum_drop_offs"), f"{hops} {t('sum_screens')}", n] for hops, n in summary.drop_offs]
    return rows


def queue_header(words: Words) -> list[str]:
    return [words.t(key) for key in ("col_code", "col_service", "col_name", "col_phone", "col_rt_rw",
                                     "col_status", "col_channel_short", "col_date", "col_pickup")]


def queue_rows(applications: list[Application], catalog: Catalog, words: Words, timezone: str) -> list[list]:
    """One row an application, the phone masked and no NIK: an export leaves the office's hands."""
    return [[a.code, words.service(catalog, a.service_key), a.applicant_name, mask_phone(a.phone), a.rt_rw,
             words.status(a.status), a.channel, local_text(a.created_at, timezone),
             a.ready_on.strftime("%d-%m-%Y") if a.ready_on else ""] for a in applications]
