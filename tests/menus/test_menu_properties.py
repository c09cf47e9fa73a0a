"""Property tests: for any valid catalog and any inputs, every screen fits and nothing crashes."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menus import Catalog, Context, handle, is_gsm7, start
from menus.catalog import LINE_MAX, SHORT_NAME_MAX, Office, Service, Text
from menus.gsm7 import BASIC, EXTENDED, septets
from menus.resources import default_texts
from menus.walk import walk

TEXTS = default_texts()
GSM_LINE_CHARS = "".join(ch for ch in BASIC + EXTENDED if ch not in "\n\r\f")


def line(max_size: int):
    return st.text(alphabet=GSM_LINE_CHARS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def both(max_size: int):
    return st.builds(Text, line(max_size), line(max_size))


services = st.builds(
    Service,
    key=st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10),
    short=both(SHORT_NAME_MAX), name=both(60),
    requirements=st.lists(both(LINE_MAX), min_size=1, max_size=12).map(tuple),
    processing=both(60), fee=both(60), notes=st.none() | both(LINE_MAX),
)
catalogs = st.builds(
    Catalog,
    office=st.builds(Office, name=line(40), address=line(LINE_MAX), hours=both(LINE_MAX),
                     contact=line(40), ussd_code=line(20)),
    services=st.lists(services, min_size=1, max_size=14, unique_by=lambda s: s.key).map(tuple),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs, st.sampled_from(["id", "en"]))
def test_every_screen_of_any_valid_catalog_fits_160_septets(catalog, lang):
    for path, reply in walk(Context(catalog, TEXTS, lang=lang), limit=20000):
        assert septets(reply.screen) <= 160, (path, reply.screen)
        assert is_gsm7(reply.screen)


@settings(max_examples=300, deadline=None)
@given(catalogs, st.lists(st.text(max_size=300), max_size=12))
def test_any_inputs_give_a_screen_that_fits_and_never_raise(catalog, inputs):
    ctx = Context(catalog, TEXTS)
    reply = start(ctx)
    for user_input in inputs:
        if reply.ends:
            break
        reply = handle(reply.state, user_input, ctx)
        assert 0 < septets(reply.screen) <= 160


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
                        st.sampled_from(["lang", "stack", "n", "a", "p"]), kids, max_size=4)),
       st.text(max_size=5))
def test_a_corrupt_stored_state_never_crashes_a_hop(state, user_input):
    from menus.resources import default_catalog
    ctx = Context(default_catalog(), TEXTS, resume=state)
    assert handle(state, user_input, ctx).screen
    assert start(ctx).screen
