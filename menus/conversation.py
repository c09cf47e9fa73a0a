"""Answer one chat message (WhatsApp) with the same engine, menus and keywords as USSD and SMS.

A chat has no session boundary: the engine's state is kept between messages (the shell keeps it
about a day) and each message is one input. A tapped row or button is its key on the screen it
came from; typed text that is a key on the current screen, or the answer a question asks for, goes
to the engine; other text is an SMS keyword ("syarat sktm", "status DB-7K2Q9", "STOP"); a greeting,
or anything at the start, shows the main menu.
"""

from dataclasses import dataclass

from .chat import ChatMessage, Screen, Words, lay_out, read_choice_id, read_more_key, text_message
from .effects import CreateApplication, Effect, RememberLanguage
from .engine import BACK, HOME, MORE, Reply, handle, restore, start, view_of
from .inputs import READERS
from .keywords import read_command
from .sms import answer_sms
from .view import Context

# A message starting with one of these opens the main menu; on a question (name, NIK) only the
# whole message counts, so that "Selamat Riyadi" is read as a name.
GREETINGS = {"halo", "hallo", "hai", "hi", "hello", "helo", "hey", "menu", "p", "pagi", "siang", "sore",
             "malam", "selamat", "assalamualaikum", "assalamu'alaikum", "permisi", "salam", "start menu"}
WHOLE_GREETINGS = GREETINGS - {"selamat", "salam"} | {f"selamat {time}" for time in
                                                      ("pagi", "siang", "sore", "malam")}


@dataclass(frozen=True)
class ChatTurn:
    """The messages to send back, the state to keep (None: start afresh next time) and effects."""

    messages: tuple[ChatMessage, ...]
    state: dict | None
    effects: tuple[Effect, ...] = ()


def converse(state: dict | None, text: str, tapped: str, ctx: Context) -> ChatTurn:
    """Answer one message: `tapped` is the id of a tapped row or button ("" for typed text)."""
    current = restore(state, ctx)
    if tapped:
        return _tap(current, tapped, ctx)
    words = text.strip()
    if current is not None and not _greeting(words, whole=True):
        view = view_of(current, ctx)
        keys = {key for key, _, _ in (*view.options, *view.shortcuts)} | {BACK, HOME, MORE}
        if view.input and (READERS[view.input.reader](words)[1] is None or not _keyword(words)):
            return _answer(handle(current, words, ctx), ctx)  # the answer to its question, or why not
        if _key(words) in keys:
            return _answer(handle(current, _key(words), ctx), ctx)
    elif words.isascii() and words.isdigit() and len(words) <= 2:
        return _answer(handle(None, words, ctx), ctx)  # a key typed on the main menu, remembered
    if _greeting(words) or (current is None and not _keyword(words)):
        return _answer(start(ctx), ctx)
    if _keyword(words):
        return _keyword_turn(current, words, ctx)
    return _show(current, ctx, flash=ctx.texts(current["lang"], "invalid"))


def show(state: dict, ctx: Context, flash: str = "", offset: int = 0) -> ChatMessage:
    """Lay out the screen on top of `state` (a well-formed one) as one message."""
    top, lang, t = state["stack"][-1], state["lang"], ctx.texts
    words = Words(t(lang, "nav_back"), t(lang, "nav_home"), t(lang, "nav_more"), t(lang, "chat_button"),
                  t(lang, "chat_footer"))
    screen = Screen(view_of(state, ctx), top["n"], top["a"], len(state["stack"]), flash, offset)
    return lay_out(screen, words)


def _tap(current: dict | None, tapped: str, ctx: Context) -> ChatTurn:
    """A tap answers the screen it was shown on: go back to that screen when it is still on the
    stack (an older message tapped), else start afresh from a main-menu tap, else say so."""
    parsed = read_choice_id(tapped)
    if parsed is None:
        return _answer(start(ctx), ctx)
    node, arg, key = parsed
    frames = current["stack"] if current else []
    at = next((n for n in range(len(frames) - 1, -1, -1)
               if frames[n]["n"] == node and frames[n]["a"] == arg), None)
    if at is None and node != "root":
        base = current or start(ctx).state
        return _show(base, ctx, flash=ctx.texts(base["lang"], "invalid"))
    if at is None:
        popped = start(ctx).state
    else:  # popping to the first frame leaves the journey: forget its draft, as Back does
        popped = {**current, "stack": frames[:at + 1], "draft": current["draft"] if at else {}}
    offset = read_more_key(key)
    if offset is not None:
        return ChatTurn((show(popped, ctx, offset=offset),), popped)
    return _answer(handle(popped, key, ctx), ctx)


def _answer(reply: Reply, ctx: Context) -> ChatTurn:
    """Turn the engine's reply into a chat turn: the whole screen (not its 160-character pages),
    or the closing text; an application's confirmation is sent by its effect instead."""
    if reply.ends:
        applied = any(isinstance(e, CreateApplication) for e in reply.effects)
        return ChatTurn(() if applied else (text_message(reply.screen),), None, reply.effects)
    state = {**reply.state, "stack": [{**frame, "p": 0} for frame in reply.state["stack"]]}
    return ChatTurn((show(state, ctx, flash=reply.flash),), state, reply.effects)


def _keyword_turn(current: dict | None, words: str, ctx: Context) -> ChatTurn:
    """Answer an SMS keyword in the chat; the menu stays where it was (in the chosen language)."""
    lang = current["lang"] if current else ctx.lang
    reply = answer_sms(words, Context(ctx.catalog, ctx.texts, lang, phone=ctx.phone, records=ctx.records))
    chosen = next((e.lang for e in reply.effects if isinstance(e, RememberLanguage)), None)
    state = {**current, "lang": chosen} if current and chosen else current
    return ChatTurn((text_message(reply.text),), state, reply.effects)


def _show(state: dict, ctx: Context, flash: str = "") -> ChatTurn:
    return ChatTurn((show(state, ctx, flash=flash),), state)


def _key(words: str) -> str:
    """A typed key as the engine reads it ("01" is 1; "00" and "0" stay)."""
    choice = words.rstrip("#").strip()
    if choice.isascii() and choice.isdigit() and choice not in (HOME, BACK) and len(choice) <= 3:
        return str(int(choice))
    return choice


def _keyword(words: str) -> bool:
    return bool(words) and read_command(words).name != "unknown"


def _greeting(words: str, whole: bool = False) -> bool:
    lowered = " ".join(words.lower().replace(",", " ").replace("!", " ").replace(".", " ").split())
    if whole:
        return lowered in WHOLE_GREETINGS
    return lowered in WHOLE_GREETINGS or lowered.split(" ", 1)[0] in GREETINGS
