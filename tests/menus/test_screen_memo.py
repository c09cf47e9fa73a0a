"""The memo of catalog-only screens changes no answer: every path through the tree, in both
languages, on USSD and in a chat, gives the same replies with a memo (cold and warm) as without."""

import dataclasses

import pytest

from menus import Context, handle, start
from menus.engine import CATALOG_ONLY, view_of
from menus.memo import MEMO_LIMIT, ScreenMemo
from menus.resources import default_catalog, default_texts
from menus.walk import walk

CATALOG, TEXTS = default_catalog(), default_texts()


def replies(ctx: Context) -> list:
    return [(path, reply.screen, reply.ends, reply.state, reply.effects) for path, reply in walk(ctx)]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("sms_copy", [True, False])
def test_every_reply_is_the_same_with_a_memo_cold_or_warm(lang, sms_copy):
    plain = Context(CATALOG, TEXTS, lang=lang, sms_copy=sms_copy)
    memo: dict = {}
    remembering = dataclasses.replace(plain, memo=memo)
    expected = replies(plain)
    assert len(expected) > 50
    assert replies(remembering) == expected  # cold: built and kept
    assert memo and {key[0] for key in memo} <= CATALOG_ONLY
    assert replies(remembering) == expected  # warm: read back


def test_a_chat_and_ussd_sharing_a_memo_keep_their_own_requirements_screens():
    memo: dict = {}
    on_ussd = Context(CATALOG, TEXTS, memo=memo)
    in_chat = dataclasses.replace(on_ussd, sms_copy=False)
    state = handle(handle(start(on_ussd).state, "1", on_ussd).state, "2", on_ussd).state
    assert "9." in handle(state, "x", on_ussd).screen
    assert "9." not in handle(state, "x", in_chat).screen


def test_a_new_catalog_or_texts_gets_a_fresh_memo():
    memo = ScreenMemo()
    first = memo.for_catalog(CATALOG, TEXTS)
    first["kept"] = 1
    assert memo.for_catalog(CATALOG, TEXTS) is first
    assert memo.for_catalog(default_catalog(), TEXTS) == {}  # a catalog published anew
    assert memo.for_catalog(CATALOG, default_texts()) == {}


def test_the_memo_stops_growing_at_its_limit():
    memo: dict = {}
    ctx = Context(CATALOG, TEXTS, memo=memo)
    for n in range(MEMO_LIMIT + 500):  # unknown services: each falls back to the services list
        view_of({"lang": "id", "stack": [{"n": "requirements", "a": f"no-such-{n}", "p": 0}],
                 "draft": {}}, ctx)
    assert len(memo) == MEMO_LIMIT

