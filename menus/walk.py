"""Walk every screen the USSD engine can show for a catalog (used by `catalog check` and tests)."""

import json
from collections import deque

from .engine import HOME, MORE, handle, start
from .views import NODES, Context

PROBES = ("0", HOME, MORE, "99", "", "x", "*", "#", "1" * 40)


def option_keys(state: dict, ctx: Context) -> list[str]:
    """Return what a resident can type on the screen described by state."""
    top = state["stack"][-1]
    view = NODES[top["n"]](ctx, state["lang"], top["a"])
    return [key for key, _, _ in (*view.options, *view.shortcuts)]


def walk(ctx: Context, limit: int = 5000):
    """Yield (path, reply) for every distinct screen reachable from the first hop."""
    first = start(ctx)
    queue = deque([((), first)])
    seen = {json.dumps(first.state, sort_keys=True)}
    while queue:
        path, reply = queue.popleft()
        yield path, reply
        if reply.ends:
            continue
        for key in [*option_keys(reply.state, ctx), *PROBES]:
            nxt = handle(reply.state, key, ctx)
            marker = json.dumps([nxt.state, nxt.ends, nxt.screen], sort_keys=True)
            if marker not in seen:
                seen.add(marker)
                queue.append(((*path, key), nxt))
        assert len(seen) < limit, "the menu tree should be finite"
