"""Pack USSD session values small and sealed: compact JSON, deflated against a dictionary of the
office's own screens, then AES-GCM bound to the Redis key (see bench/RESULTS.md for the bytes).

A live session is mostly its last screen, and that screen is mostly text the dictionary already
holds, so a 240-byte session packs to about 110. Values written by the release before (Fernet
tokens of plain JSON) are still read, so sessions live during a deploy survive it.
"""

import hashlib
import json
import zlib

from menus import Catalog, Texts, handle, start
from menus.catalog import LANGUAGES
from menus.view import Context

from .vault import SEALED, Vault

WINDOW_BITS = 13  # an 8 KiB window holds the dictionary (about 3 KiB for the default catalog)
MEMORY_LEVEL = 4  # small deflate tables: copying the primed compressor costs ~4 µs, not ~80
# Built once: json.dumps with any option builds a new encoder on every call.
_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def screen_dictionary(catalog: Catalog, texts: Texts) -> bytes:
    """Return the screens a hop most often stores: the welcome, the services and the first page of
    every service's requirements, in each language (the default last: deflate prefers near matches)."""
    screens = []
    for lang in reversed(LANGUAGES):
        ctx = Context(catalog, texts, lang=lang)
        root = start(ctx)
        services = handle(root.state, "1", ctx)
        screens += [root.screen, services.screen]
        screens += [handle(services.state, str(n), ctx).screen for n in range(1, len(catalog.services) + 1)]
    return "\n".join(screens).encode()[-(1 << WINDOW_BITS) + 262:]


class Packer:
    """Turn session values into sealed bytes for one Redis key, and back."""

    def __init__(self, vault: Vault, catalog: Catalog, texts: Texts):
        self.vault = vault
        self._dictionary = screen_dictionary(catalog, texts)
        self._deflate = zlib.compressobj(9, zlib.DEFLATED, -WINDOW_BITS, MEMORY_LEVEL,
                                         zlib.Z_DEFAULT_STRATEGY, self._dictionary)
        # Bound into the seal: after a catalog change an old value fails to open instead of
        # inflating against the wrong dictionary.
        self._tag = hashlib.sha256(self._dictionary).digest()[:8]

    def pack(self, value: object, key: str) -> bytes:
        data = _ENCODE(value).encode()
        deflate = self._deflate.copy()  # primed with the dictionary once, at start
        return self.vault.seal(deflate.compress(data) + deflate.flush(), key.encode() + self._tag)

    def unpack(self, raw: bytes, key: str) -> tuple[object, bool]:
        """Return (value, legacy); legacy values are the JSON the release before stored with Fernet.
        Raise ValueError when the value cannot be read."""
        try:
            if raw[:1] != SEALED:
                return json.loads(self.vault.decrypt(raw.decode())), True
            inflate = zlib.decompressobj(-WINDOW_BITS, zdict=self._dictionary)
            data = inflate.decompress(self.vault.unseal(raw, key.encode() + self._tag)) + inflate.flush()
            return json.loads(data), False
        except (zlib.error, UnicodeDecodeError) as exc:
            raise ValueError(f"unreadable session value: {type(exc).__name__}") from None


def compact_state(state: dict) -> list:
    """A menu state as lists: a third of its JSON is the names of its keys."""
    return [state["lang"], [[f["n"], f["a"], f["p"]] for f in state["stack"]], state["draft"]]


def full_state(compact: list) -> dict:
    """The menu state a compact_state list stands for (raise ValueError, TypeError... if damaged)."""
    lang, stack, draft = compact
    return {"lang": lang, "stack": [{"n": n, "a": a, "p": p} for n, a, p in stack], "draft": draft}
