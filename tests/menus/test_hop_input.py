"""The new input of a hop is read from the provider's cumulative text, never by blind split."""

import pytest

from menus import Context, HopInputs, read_hop
from menus.hop import cumulative_text
from menus.resources import default_catalog, default_texts
from menus.walk import walk


@pytest.mark.parametrize(("previous", "text", "expected"), [
    (None, "", HopInputs(())),
    (None, "1*3", HopInputs(("1", "3"))),              # shortcut dial *384*123*1*3#
    ("", "1", HopInputs(("1",))),
    ("1", "1*3", HopInputs(("3",))),
    ("1*3", "1*3*Siti*Aminah", HopInputs(("Siti*Aminah",))),  # a star typed inside free text
    ("1*3", "1*3", HopInputs((), repeat=True)),        # the provider re-sent the hop
    ("1*3*98", "1*3", HopInputs((), repeat=True)),     # an older hop crossing ours
    ("1*3", "7", HopInputs(("7",))),                   # not an extension: one new input
    ("1", "1", HopInputs((), repeat=True)),            # so latest-only text is made cumulative first
    ("1", "1**", HopInputs(("*",))),
])
def test_read_hop(previous, text, expected):
    assert read_hop(previous, text) == expected


@pytest.mark.parametrize(("previous", "latest", "cumulative"), [
    (None, "", ""),
    (None, "*384*123#", ""),                 # some aggregators send the dial string first
    (None, "*384*123*1*3#", "1*3"),          # a shortcut dial
    (None, "1*3", "1*3"),
    (None, "*999*1#", ""),                   # another code: the welcome screen, not a shortcut
    ("", "1", "1"),
    ("1", "1", "1*1"),                       # the same key twice is two inputs
    ("1*3", "Siti*Aminah", "1*3*Siti*Aminah"),
])
def test_latest_only_text_is_made_cumulative(previous, latest, cumulative):
    assert cumulative_text(previous, latest, "*384*123#") == cumulative


def test_every_path_of_the_menu_tree_reads_the_same_from_latest_only_text():
    ctx = Context(default_catalog(), default_texts())
    paths = {path for path, _ in walk(ctx)}
    for path in paths:
        previous, read = None, []
        for key in ("", *path):  # the first hop carries no input
            text = cumulative_text(previous, key, "*384*123#")
            inputs = read_hop(previous, text)
            if previous is not None and not inputs.repeat:
                read += inputs.inputs
            previous = text
        # An empty answer right after dialling reads as the dial re-sent: the same welcome screen.
        expected = list(path[1:]) if path[:1] == ("",) else list(path)
        assert read == expected, path
