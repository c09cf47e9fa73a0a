"""Check every chat message the catalog can produce against Meta's limits, as limits.py checks SMS
and the tree walk checks USSD screens: every screen the engine can show (in each language, with
every notice line, every window of a long list) and every closing text."""

import json
from collections import deque
from collections.abc import Iterator

from . import chat
from .catalog import LANGUAGES, Catalog
from .conversation import show
from .engine import FLASH_KEYS, Reply, handle, start
from .lifecycle import Status
from .records import Summary
from .texts import Texts
from .view import Context
from .walk import PROBES, option_keys


class LongestRecords:
    """Three applications with the longest status labels, each missing every document of the
    service with the longest list: the status screens at their longest."""

    def __init__(self, catalog: Catalog):
        service = max(catalog.services, key=lambda s: sum(len(d.id) + len(d.en) for d in s.requirements))
        self.summary = Summary("XX-XXXXX", service.key, Status.INCOMPLETE, True, service.requirements,
                               "31-12-2026")

    def recent(self, phone: str) -> list[Summary]:
        return [self.summary] * 3

    def find(self, code: str, phone: str) -> Summary | None:
        return self.summary


def chat_messages(catalog: Catalog, texts: Texts) -> Iterator[tuple[str, chat.ChatMessage]]:
    """Yield (where, message) for every chat message the menus can send."""
    for lang in LANGUAGES:
        ctx = Context(catalog, texts, lang=lang, records=LongestRecords(catalog), sms_copy=False,
                      new_code="XX-XXXXX")
        longest_flash = max((texts(lang, key) for key in FLASH_KEYS), key=len)
        for path, reply in _replies(ctx):
            where = f"{lang} {'/'.join(path) or 'start'}"
            if reply.ends:
                yield where, chat.text_message(reply.screen)
                continue
            for flash in ("", longest_flash):  # a flash only lengthens the body: the longest will do
                offset: int | None = 0
                while offset is not None:
                    message = show(reply.state, ctx, flash=flash, offset=offset)
                    yield f"{where} (+{offset})", message
                    offset = next((chat.read_more_key(c.id.rsplit(":", 1)[1]) for c in message.choices
                                   if chat.read_more_key(c.id.rsplit(":", 1)[1])), None)


def _replies(ctx: Context) -> Iterator[tuple[tuple[str, ...], Reply]]:
    """Every distinct chat screen and closing text reachable from the first message: the USSD walk
    (menus/walk.py) without its 160-character pages, which a chat does not have."""
    first = start(ctx)
    queue, seen = deque([((), first)]), {_marker(first.state)}
    yield (), first
    while queue:
        path, reply = queue.popleft()
        for key in [*option_keys(reply.state, ctx), *PROBES]:
            nxt = handle(reply.state, key, ctx)
            marker = nxt.screen if nxt.ends else _marker(nxt.state)
            if marker in seen:
                continue
            seen.add(marker)
            yield (*path, key), nxt
            if not nxt.ends:
                queue.append(((*path, key), nxt))


def _marker(state: dict) -> str:
    frames = [{"n": f["n"], "a": f["a"]} for f in state["stack"]]
    return json.dumps([state["lang"], frames, state.get("draft", {})], sort_keys=True)


def chat_problems(catalog: Catalog, texts: Texts) -> list[str]:
    """Return one line per message that breaks one of Meta's limits."""
    return [f"WhatsApp {where}: {problem}" for where, message in chat_messages(catalog, texts)
            for problem in message_problems(message)]


def message_problems(message: chat.ChatMessage) -> list[str]:
    """Name every limit this message breaks."""
    problems, choices = [], message.choices
    if message.kind == "text":
        return [] if 0 < len(message.body) <= chat.TEXT_MAX else [f"text of {len(message.body)} characters"]
    if not 0 < len(message.body) <= chat.BODY_MAX:
        problems.append(f"body of {len(message.body)} characters")
    if len(message.footer) > chat.FOOTER_MAX:
        problems.append(f"footer of {len(message.footer)} characters")
    if len({c.id for c in choices}) != len(choices) or any(len(c.id) > chat.ID_MAX for c in choices):
        problems.append("choice ids repeat or are too long")
    if message.kind == "buttons":
        if not 1 <= len(choices) <= chat.BUTTONS_MAX:
            problems.append(f"{len(choices)} buttons")
        problems += [f"button {c.title!r}" for c in choices if not 0 < len(c.title) <= chat.BUTTON_TITLE_MAX]
    else:
        if not 1 <= len(choices) <= chat.LIST_ROWS_MAX:
            problems.append(f"{len(choices)} rows")
        if not 0 < len(message.button) <= chat.LIST_BUTTON_MAX:
            problems.append(f"list button {message.button!r}")
        problems += [f"row {c.title!r}" for c in choices if not 0 < len(c.title) <= chat.ROW_TITLE_MAX
                     or len(c.description) > chat.ROW_DESCRIPTION_MAX]
    return problems
