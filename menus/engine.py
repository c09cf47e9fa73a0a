"""Answer one USSD hop: (state, input, context) -> Reply, with no I/O of its own."""

from dataclasses import dataclass

from .effects import CreateApplication, Effect, RememberLanguage, SendSms
from .inputs import ERROR_KEYS, READERS
from .memo import MEMO_LIMIT
from .nodes import NODES
from .screen import flash_reserve, paginate, with_flash
from .sms import requirements_sms
from .view import Action, Context, Input, View

HOME, BACK, MORE = "00", "0", "98"
FLASH_KEYS = ("invalid", "language_saved", *ERROR_KEYS)  # one-line notices shown above a screen
DRAFT_FIELDS = ("service", "name", "nik", "rt_rw", "consent")
# Screens built from the catalog, the texts and their argument alone (never the draft, the records
# or the phone): what a Context's memo may keep.
CATALOG_ONLY = frozenset({"root", "services", "requirements", "office", "language", "resume"})


@dataclass(frozen=True)
class Reply:
    """The screen to show, whether the session goes on, the state to keep and effects to run."""

    screen: str
    ends: bool
    state: dict
    effects: tuple[Effect, ...] = ()
    flash: str = ""  # the one-line notice shown above the screen, if any (a chat sends it apart)

    @property
    def resumable(self) -> bool:
        """True when a resident who drops here should be offered to continue."""
        stack = self.state.get("stack", [])
        return not self.ends and len(stack) > 1


def start(ctx: Context) -> Reply:
    """Answer the first hop of a session: the root menu, or an offer to resume."""
    snapshot = _restore(ctx.resume, ctx)
    if snapshot and len(snapshot["stack"]) > 1:
        return _render({"lang": snapshot["lang"], "stack": [_frame("resume")], "draft": {}}, ctx)
    return _render({"lang": ctx.lang, "stack": [_frame("root")], "draft": {}}, ctx)


def handle(state: dict | None, user_input: str, ctx: Context) -> Reply:
    """Answer one resident input on the screen described by `state`."""
    current = _restore(state, ctx) or {"lang": ctx.lang, "stack": [_frame("root")], "draft": {}}
    choice = _normalise(user_input)
    stack, top = current["stack"], current["stack"][-1]
    view = view_of(current, ctx)  # built once: its options here, its pages when the screen stays
    options = {key: action for key, _, action in (*view.options, *view.shortcuts)}
    if choice == HOME:
        return _render({**current, "stack": [_frame("root")], "draft": {}}, ctx)
    if choice in options:
        return _act(options[choice], current, ctx)
    if choice == BACK and top["p"] > 0:
        return _render(_with_page(current, top["p"] - 1), ctx, view=view)
    if choice == BACK and len(stack) > 1:
        # Back at the welcome screen the journey is left: forget its draft (name, NIK).
        draft = current["draft"] if len(stack) > 2 else {}
        return _render({**current, "stack": stack[:-1], "draft": draft}, ctx)
    pages = _pages(current, ctx, view) if choice == MORE else None
    if pages and top["p"] + 1 < len(pages):
        return _render(_with_page(current, top["p"] + 1), ctx, pages=pages)
    if view.input:
        return _take_input(view.input, user_input, current, ctx, view)
    return _render(current, ctx, flash="invalid", view=view, pages=pages)


def _take_input(spec: Input, raw: str, current: dict, ctx: Context, view: View) -> Reply:
    value, error = READERS[spec.reader](raw)
    if error:
        return _render(current, ctx, flash=error, view=view)
    if spec.as_arg:
        return _render(_push(current, spec.next_node, value), ctx)
    return _render(_push({**current, "draft": {**current["draft"], spec.reader: value}}, spec.next_node), ctx)


def _push(state: dict, node: str, arg: str = "") -> dict:
    return {**state, "stack": [*state["stack"], _frame(node, arg)]}


def _act(action: Action, current: dict, ctx: Context) -> Reply:
    if action.kind == "push":
        return _render(_push(current, action.node, action.arg), ctx)
    if action.kind == "draft":  # a new application for the service in action.arg
        return _render(_push({**current, "draft": {"service": action.arg}}, action.node), ctx)
    if action.kind == "consent":
        draft = {**current["draft"], "consent": action.arg}
        return _render(_push({**current, "draft": draft}, action.node), ctx)
    if action.kind == "submit":
        return _submit(current, ctx)
    if action.kind == "language":
        state = {"lang": action.arg, "stack": [_frame("root")], "draft": {}}
        effect = RememberLanguage(action.arg)
        reply = _render(state, ctx, flash="language_saved")
        return Reply(reply.screen, reply.ends, reply.state, (effect,), reply.flash)
    if action.kind == "resume":
        return _render(_restore(ctx.resume, ctx) or {**current, "stack": [_frame("root")], "draft": {}}, ctx)
    if action.kind == "restart":
        return _render({**current, "stack": [_frame("root")], "draft": {}}, ctx)
    if action.kind == "sms":
        return _send_by_sms(action.arg, current, ctx)
    return Reply(ctx.texts(current["lang"], action.arg), True, current)


def _send_by_sms(service_key: str, current: dict, ctx: Context) -> Reply:
    lang, service = current["lang"], ctx.catalog.service(service_key)
    text = requirements_sms(service, ctx, lang)
    effect = SendSms(text, purpose="reply")
    return Reply(ctx.texts(lang, "sms_queued", service=service.short(lang)), True, current, (effect,))


def _submit(current: dict, ctx: Context) -> Reply:
    """End the session with the tracking code; the shell creates the application and its SMS."""
    lang, draft, t = current["lang"], current["draft"], ctx.texts
    service = ctx.catalog.service(draft.get("service", ""))
    if service is None or not all(draft.get(f) for f in ("name", "nik", "rt_rw")):
        return _render({**current, "stack": [_frame("root")], "draft": {}}, ctx, flash="invalid")
    number = ctx.catalog.services.index(service) + 1
    sms = t(lang, "sms_applied", service=service.name(lang), code=ctx.new_code, number=str(number))
    effect = CreateApplication(service=service.key, code=ctx.new_code, name=draft["name"], nik=draft["nik"],
                               rt_rw=draft["rt_rw"], consent=draft.get("consent") == "yes", sms=sms)
    return Reply(t(lang, "applied", code=ctx.new_code), True, current, (effect,))


def view_of(state: dict, ctx: Context) -> View:
    """Build the View of the screen on top of the state's stack (or take it from the memo)."""
    top = state["stack"][-1]
    if ctx.memo is None or top["n"] not in CATALOG_ONLY:
        return NODES[top["n"]](ctx, state["lang"], top["a"], state.get("draft", {}))
    return _remembered(ctx.memo, (top["n"], top["a"], state["lang"], ctx.sms_copy),
                       lambda: NODES[top["n"]](ctx, state["lang"], top["a"], {}))


def _render(state: dict, ctx: Context, flash: str | None = None, view: View | None = None,
            pages: tuple[str, ...] | None = None) -> Reply:
    """Show the state's screen; `view` or `pages` when the caller built them for this same screen."""
    pages = pages or _pages(state, ctx, view or view_of(state, ctx))
    top = state["stack"][-1]
    page = min(top["p"], len(pages) - 1)
    screen, notice = pages[page], ctx.texts(state["lang"], flash) if flash else ""
    if notice:
        screen = with_flash(notice, screen)
    return Reply(screen, False, _with_page(state, page), flash=notice)


def _pages(state: dict, ctx: Context, view: View) -> tuple[str, ...]:
    top = state["stack"][-1]
    if ctx.memo is None or top["n"] not in CATALOG_ONLY:
        return _paginate(state, ctx, view)
    # The navigation line differs only by depth: 1, 2, or 3 and deeper.
    key = (top["n"], top["a"], state["lang"], ctx.sms_copy, min(len(state["stack"]), 3))
    return _remembered(ctx.memo, key, lambda: _paginate(state, ctx, view))


def _remembered(memo: dict, key: tuple, build):
    value = memo.get(key)
    if value is None:
        value = build()
        if len(memo) < MEMO_LIMIT:
            memo[key] = value
    return value


def _paginate(state: dict, ctx: Context, view: View) -> tuple[str, ...]:
    lang, stack = state["lang"], state["stack"]
    t = ctx.texts
    nav = []
    if len(stack) > 1:
        nav.append(f"{BACK}.{t(lang, 'nav_back')}")
    if len(stack) > 2:
        nav.append(f"{HOME}.{t(lang, 'nav_home')}")
    nav = [*(f"{key}.{label}" for key, label, _ in view.shortcuts), *nav]
    lines = [*view.lines, *(f"{key}. {label}" for key, label, _ in view.options)]
    reserve = flash_reserve(view.title, t.longest(FLASH_KEYS))
    return tuple(paginate(view.title, lines, nav, f"{MORE}.{t(lang, 'nav_more')}", reserve))


def _with_page(state: dict, page: int) -> dict:
    stack = [*state["stack"][:-1], {**state["stack"][-1], "p": page}]
    return {**state, "stack": stack}


def _frame(node: str, arg: str = "") -> dict:
    return {"n": node, "a": arg, "p": 0}


def restore(state: object, ctx: Context) -> dict | None:
    """Return a well-formed copy of a stored state, or None when it cannot be trusted."""
    return _restore(state, ctx)


def _restore(state: object, ctx: Context) -> dict | None:
    """Return a well-formed copy of a stored state, or None when it cannot be trusted."""
    if not isinstance(state, dict) or not isinstance(state.get("lang"), str) \
            or state["lang"] not in ctx.texts.by_lang:
        return None
    stack = state.get("stack")
    if not isinstance(stack, list) or not 1 <= len(stack) <= 8:
        return None
    frames = []
    for frame in stack:
        if not (isinstance(frame, dict) and isinstance(frame.get("n"), str) and frame["n"] in NODES
                and isinstance(frame.get("a"), str) and type(frame.get("p")) is int
                and 0 <= frame["p"] < 100):
            return None
        frames.append({"n": frame["n"], "a": frame["a"], "p": frame["p"]})
    draft = state.get("draft", {})
    if not isinstance(draft, dict) or not all(key in DRAFT_FIELDS and isinstance(value, str)
                                              and len(value) <= 60 for key, value in draft.items()):
        return None
    return {"lang": state["lang"], "stack": frames, "draft": dict(draft)}


def _normalise(user_input: str) -> str:
    choice = user_input.strip().rstrip("#").strip()
    # isascii: "¹" and other Unicode digits pass isdigit() but are no key on a phone pad.
    if choice.isascii() and choice.isdigit() and choice not in (HOME, BACK) and len(choice) <= 3:
        return str(int(choice))
    return choice
