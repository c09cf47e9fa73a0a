"""Every screen of the default catalog, in both languages, fits and says what it should."""

import pytest

from menus import Context, handle, is_gsm7, start
from menus.effects import RememberLanguage, SendSms
from menus.gsm7 import septets
from menus.resources import default_catalog, default_texts
from menus.walk import walk

CATALOG = default_catalog()
TEXTS = default_texts()


@pytest.fixture(params=["id", "en"])
def ctx(request):
    return Context(CATALOG, TEXTS, lang=request.param)


def test_every_screen_fits_160_septets_and_is_gsm7(ctx):
    screens = 0
    for path, reply in walk(ctx):
        screens += 1
        assert septets(reply.screen) <= 160, (path, reply.screen)
        assert is_gsm7(reply.screen), (path, reply.screen)
        assert reply.screen.strip() and reply.screen == reply.screen.lstrip(), path
    assert screens > 50  # the walk really went through the tree


@pytest.mark.parametrize("number", range(1, len(CATALOG.services) + 1))
def test_any_service_requirements_are_two_inputs_after_dialling(ctx, number):
    service = CATALOG.services[number - 1]
    reply = handle(handle(start(ctx).state, "1", ctx).state, str(number), ctx)
    assert service.short(ctx.lang) in reply.screen.splitlines()[0]
    assert service.requirements[0](ctx.lang) in reply.screen


@pytest.mark.parametrize("number", range(1, len(CATALOG.services) + 1))
def test_paging_through_a_service_shows_every_document_fee_and_note(ctx, number):
    service = CATALOG.services[number - 1]
    reply = handle(handle(start(ctx).state, "1", ctx).state, str(number), ctx)
    pages = [reply.screen]
    while "98." in reply.screen:
        reply = handle(reply.state, "98", ctx)
        pages.append(reply.screen)
    shown = " ".join(" ".join(page.split()) for page in pages)
    expected = [doc(ctx.lang) for doc in service.requirements]
    expected += [service.fee(ctx.lang), service.processing(ctx.lang)]
    expected += [service.notes(ctx.lang)] if service.notes else []
    for text in expected:
        assert " ".join(text.split()) in shown


def test_wrong_input_reshows_the_same_screen_with_an_error_line(ctx):
    services = handle(start(ctx).state, "1", ctx)
    wrong = handle(services.state, "42", ctx)
    assert not wrong.ends
    assert wrong.state == services.state
    assert wrong.screen.splitlines()[0] == TEXTS(ctx.lang, "invalid")
    assert wrong.screen.splitlines()[-1] == services.screen.splitlines()[-1]


def test_back_from_a_second_page_returns_to_the_first_page(ctx):
    nikah = handle(handle(start(ctx).state, "1", ctx).state, "7", ctx)
    second = handle(nikah.state, "98", ctx)
    assert handle(second.state, "0", ctx).screen == nikah.screen


def test_home_from_requirements_returns_to_the_welcome_screen(ctx):
    reply = handle(handle(start(ctx).state, "1", ctx).state, "2", ctx)
    assert handle(reply.state, "00", ctx).screen == start(ctx).screen


def test_exit_ends_the_session_politely(ctx):
    reply = handle(start(ctx).state, "0", ctx)
    assert reply.ends and reply.screen == TEXTS(ctx.lang, "goodbye")


def test_choosing_english_switches_screens_and_asks_the_shell_to_remember_it():
    ctx = Context(CATALOG, TEXTS)
    reply = handle(handle(start(ctx).state, "5", ctx).state, "2", ctx)
    assert reply.screen.startswith(TEXTS("en", "language_saved"))
    assert reply.effects == (RememberLanguage("en"),)
    assert "Service requirements" in handle(reply.state, "00", ctx).screen


def test_a_dropped_session_offers_to_resume_on_exactly_the_screen_left():
    ctx = Context(CATALOG, TEXTS)
    left = handle(handle(handle(start(ctx).state, "1", ctx).state, "7", ctx).state, "98", ctx)
    assert left.resumable
    redial = Context(CATALOG, TEXTS, resume=left.state)
    offer = start(redial)
    assert offer.screen.startswith(TEXTS("id", "resume_title"))
    assert handle(offer.state, "1", redial).screen == left.screen
    assert handle(offer.state, "2", redial).screen == start(ctx).screen


def test_nothing_to_resume_at_the_root_or_from_a_broken_snapshot():
    ctx = Context(CATALOG, TEXTS)
    assert not start(ctx).resumable
    for junk in ({"lang": "id", "stack": [{"n": "root", "a": "", "p": 0}]}, {"lang": "xx"},
                 {"lang": "id", "stack": [{"n": "nope", "a": "", "p": 0}, {}]}, "junk", None):
        assert start(Context(CATALOG, TEXTS, resume=junk)).screen == start(ctx).screen


def test_a_stored_state_naming_a_removed_service_falls_back_to_the_service_list():
    ctx = Context(CATALOG, TEXTS)
    stale = {"lang": "id", "stack": [{"n": "root", "a": "", "p": 0},
                                     {"n": "services", "a": "", "p": 0},
                                     {"n": "requirements", "a": "gone", "p": 3}]}
    reply = handle(stale, "1", ctx)
    assert reply.screen.startswith(TEXTS("id", "requirements_title", service="Domisili"))


@pytest.mark.parametrize("number", range(1, len(CATALOG.services) + 1))
def test_send_by_sms_ends_the_session_and_queues_the_full_list(ctx, number):
    service = CATALOG.services[number - 1]
    page = handle(handle(start(ctx).state, "1", ctx).state, str(number), ctx)
    assert f"9.{TEXTS(ctx.lang, 'menu_sms')}" in page.screen
    reply = handle(page.state, "9", ctx)
    assert reply.ends and reply.screen == TEXTS(ctx.lang, "sms_queued", service=service.short(ctx.lang))
    [effect] = reply.effects
    assert isinstance(effect, SendSms) and effect.purpose == "reply"
    for doc in service.requirements:
        assert doc(ctx.lang) in effect.text
