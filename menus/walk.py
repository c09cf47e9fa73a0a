"""Walk every screen the USSD engine can show for a catalog (used by `catalog check` and tests)."""

import json
from collections import deque

from .engine import HOME, MORE, handle, start, view_of
from .view import Context

# Besides each screen's own options: navigation, junk, and good and bad free-text answers.
PROBES = ("0", HOME, MORE, "99", "", "x", "*", "#", "1" * 40, "Siti Aminah", "3171014708900003",
          "3171013002900003", "12345", "003/007", "DB-7K2Q9")


def option_keys(state: dict, ctx: Context) -> list[str]:
    """Return what a resident can type on the screen described by state."""
    view = view_of(state, ctx)
    return [key for key, _, _ in (*view.options, *view.shortcuts)]


def walk(ctx: Context, limit: int = 5000):
    """Yield (path, reply) for every reply reachable from the first hop: each distinct state is
    expanded once with every option and probe, and every reply it gives is yielded."""
    first = start(ctx)
    yield (), first
    queue = deque([((), first)])
    expanded = {json.dumps(first.state, sort_keys=True)}
    while queue:
        path, reply = queue.popleft()
        for key in [*option_keys(reply.state, ctx), *PROBES]:
            nxt = handle(reply.state, key, ctx)
            yield (*path, key), nxt
            marker = json.dumps(nxt.state, sort_keys=True)
            if not nxt.ends and marker not in expanded:
                expanded.add(marker)
                queue.append(((*path, key), nxt))
        assert len(expanded) < limit, "the menu tree should be finite"
