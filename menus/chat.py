"""Lay out a menu screen as one chat message (WhatsApp): a list, reply buttons, or numbered text.

The same View the USSD engine paginates into 160-character screens is shown here whole. Every
choice keeps its number, so typing "1" works as well as tapping; the numbered text is the fallback
whenever a list or buttons would break one of Meta's limits. Pure: the room turns the ChatMessage
into the Graph API's JSON.
"""

from dataclasses import dataclass

from .view import View

# Meta's limits (WhatsApp Business Cloud API) for what we send.
TEXT_MAX = 4096
BODY_MAX = 1024
FOOTER_MAX = 60
LIST_ROWS_MAX = 10  # rows in all sections together
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
LIST_BUTTON_MAX = 20
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
ID_MAX = 200
BACK, HOME = "0", "00"
ELLIPSIS = "..."


@dataclass(frozen=True)
class Choice:
    """One row of a list, or one reply button; `id` comes back when the resident taps it."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class ChatMessage:
    """A message to send: "text" (body only), "list" (a button opening rows) or "buttons"."""

    kind: str
    body: str
    choices: tuple[Choice, ...] = ()
    button: str = ""  # the label of the button that opens a list
    footer: str = ""


@dataclass(frozen=True)
class Screen:
    """What to lay out: the View on top of the state, its place in the stack, and the chat's words."""

    view: View
    node: str  # the frame's node and argument mark every choice's id, so a late tap is understood
    arg: str
    depth: int  # frames on the stack: Back from the second, Home from the third
    flash: str = ""
    offset: int = 0  # the first option shown, when a long list is shown a window at a time


@dataclass(frozen=True)
class Words:
    """The chat's own labels in the resident's language."""

    back: str
    home: str
    more: str
    button: str
    footer: str


def text_message(body: str) -> ChatMessage:
    """A plain text message, cut to Meta's limit (no engine text comes near it)."""
    return ChatMessage("text", fit(body, TEXT_MAX))


def choice_id(node: str, arg: str, key: str) -> str:
    """The id of a choice: what to type, on which screen ("services::2", "requirements:sktm:0")."""
    return f"{node}:{arg}:{key}"[:ID_MAX]


def read_choice_id(raw: str) -> tuple[str, str, str] | None:
    """Return (node, arg, key) from a tapped choice's id, or None when it is not one of ours."""
    parts = raw.split(":", 2)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 and parts[0] and parts[2] else None


def lay_out(screen: Screen, words: Words) -> ChatMessage:
    """Lay out one screen: buttons when its choices are few and short, else a list (a window of
    it with a "more" row when long), else numbered text when the body is too long for either."""
    view = screen.view
    options = [(key, label) for key, label, _ in (*view.options, *view.shortcuts)]
    nav = [*([(BACK, words.back)] if screen.depth > 1 else []),
           *([(HOME, words.home)] if screen.depth > 2 else [])]
    body = "\n".join(part for part in (screen.flash, view.title, *view.lines) if part)
    everything = [*options, *nav]
    if not everything:
        return text_message(body)
    numbered = "\n".join(f"{key}. {label}" for key, label in everything)
    fallback = text_message(f"{body}\n\n{numbered}")
    if len(body) > BODY_MAX:
        return fallback
    if len(everything) <= BUTTONS_MAX and all(_title(k, label, BUTTON_TITLE_MAX) for k, label in everything):
        buttons = tuple(Choice(choice_id(screen.node, screen.arg, k), _title(k, label, BUTTON_TITLE_MAX))
                        for k, label in everything)
        return ChatMessage("buttons", body, buttons, footer=fit(words.footer, FOOTER_MAX))
    rows = [*_window(options, screen.offset, LIST_ROWS_MAX - len(nav), words.more), *nav]
    choices = [_row(choice_id(screen.node, screen.arg, key), key, label) for key, label in rows]
    return ChatMessage("list", body, tuple(choices), fit(words.button, LIST_BUTTON_MAX),
                       fit(words.footer, FOOTER_MAX)) if len(choices) <= LIST_ROWS_MAX else fallback


def more_key(offset: int) -> str:
    """The key of a "more" row: show the options from `offset` on."""
    return f"+{offset}"


def read_more_key(key: str) -> int | None:
    return int(key[1:]) if key.startswith("+") and key[1:].isascii() and key[1:].isdigit() else None


def _window(options: list[tuple[str, str]], offset: int, room: int, more: str) -> list[tuple[str, str]]:
    """The options from `offset` that fit `room` rows, the last a "more" row when some are left."""
    offset = offset if 0 <= offset < len(options) else 0
    rest = options[offset:]
    if len(rest) <= room:
        return rest
    shown = rest[:room - 1]
    return [*shown, (more_key(offset + len(shown)), more)]


def _row(choice: str, key: str, label: str) -> Choice:
    if read_more_key(key) is not None:  # tapped only: the numbered text lists every option
        return Choice(choice, fit(f"{label} {ELLIPSIS}", ROW_TITLE_MAX))
    title = _title(key, label, ROW_TITLE_MAX)
    if title:
        return Choice(choice, title)
    return Choice(choice, fit(f"{key}. {label}", ROW_TITLE_MAX), fit(label, ROW_DESCRIPTION_MAX))


def _title(key: str, label: str, limit: int) -> str:
    """ "1. Label" when it fits, else the label alone when that fits, else "" (it does not fit)."""
    numbered = f"{key}. {label}"
    return numbered if len(numbered) <= limit else label if len(label) <= limit else ""


def fit(text: str, limit: int) -> str:
    """Cut text to `limit` characters at a word where possible, marking the cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - len(ELLIPSIS)]
    word = cut.rsplit(" ", 1)[0]
    return f"{word if len(word) >= limit // 2 else cut}{ELLIPSIS}"
