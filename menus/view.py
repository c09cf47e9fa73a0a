"""The shapes every screen is built from: View, its options and input, and the hop's Context."""

from dataclasses import dataclass

from .catalog import DEFAULT_LANGUAGE, Catalog
from .records import NoRecords, Records
from .texts import Texts


@dataclass(frozen=True)
class Input:
    """A free-text screen: read the text with READERS[reader], keep it as draft[field] (or pass it
    as the next screen's argument), then open `next_node`."""

    reader: str
    next_node: str
    as_arg: bool = False


@dataclass(frozen=True)
class Action:
    """What choosing an option does: push a node, set the language, resume, restart, or end."""

    kind: str  # "push" | "language" | "resume" | "restart" | "sms" | "consent" | "submit" | "end"
    node: str = ""
    arg: str = ""


@dataclass(frozen=True)
class View:
    """One screen before pagination: a title, information lines and numbered options."""

    title: str
    lines: tuple[str, ...] = ()
    options: tuple[tuple[str, str, Action], ...] = ()  # (what to type, label, action)
    shortcuts: tuple[tuple[str, str, Action], ...] = ()  # shown on the navigation line of every page
    input: "Input | None" = None  # a free-text screen: what it reads and where it goes next


@dataclass(frozen=True)
class Context:
    """Everything a hop may read besides its own state: the catalog, the texts, the phone's
    language, a snapshot of a dropped session that may be resumed, and the applications port; and
    where to remember the screens every phone sees alike."""

    catalog: Catalog
    texts: Texts
    lang: str = DEFAULT_LANGUAGE
    resume: dict | None = None
    phone: str = ""
    records: Records = NoRecords()
    new_code: str = ""  # a fresh tracking code the shell drew, used if this hop submits
    # Offer "Kirim SMS" on requirements: a USSD screen vanishes, a chat keeps what it showed.
    sms_copy: bool = True
    # Views and pages of the catalog-only screens, for this catalog and texts (menus/memo.py).
    memo: dict | None = None
