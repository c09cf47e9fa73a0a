"""A hop builds each screen's View once: the screen it leaves (for its options) and the one it shows."""

import pytest

from menus import Context, handle, start
from menus.nodes import NODES
from menus.resources import default_catalog, default_texts

CTX = Context(default_catalog(), default_texts())


def state_after(keys: tuple[str, ...]) -> dict:
    reply = start(CTX)
    for key in keys:
        reply = handle(reply.state, key, CTX)
    return reply.state


@pytest.fixture
def built(monkeypatch) -> list[tuple[str, str]]:
    """Record (node, argument) of every View the engine builds."""
    calls: list[tuple[str, str]] = []
    for name, build in list(NODES.items()):
        def counting(ctx, lang, arg, draft, name=name, build=build):
            calls.append((name, arg))
            return build(ctx, lang, arg, draft)
        monkeypatch.setitem(NODES, name, counting)
    return calls


@pytest.mark.parametrize(("keys", "key", "views"), [
    ((), "1", [("root", ""), ("services", "")]),  # to another screen: the one left, the one shown
    (("1",), "7", [("services", ""), ("requirements", "nikah")]),
    (("1", "7"), "98", [("requirements", "nikah")]),  # next page of the same screen
    (("1", "7", "98"), "0", [("requirements", "nikah")]),  # previous page
    (("1",), "x", [("services", "")]),  # a wrong key shows the same screen
    (("2", "1"), "S", [("apply_name", "")]),  # a name too short: the same question again
])
def test_a_hop_builds_each_view_once(built, keys, key, views):
    state = state_after(keys)
    built.clear()
    handle(state, key, CTX)
    assert built == views


def test_the_first_hop_builds_one_view(built):
    start(CTX)
    assert built == [("root", "")]
