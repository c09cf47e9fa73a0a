"""The new input of a hop is read from the provider's cumulative text, never by blind split."""

import pytest

from menus import HopInputs, read_hop


@pytest.mark.parametrize(("previous", "text", "expected"), [
    (None, "", HopInputs(())),
    (None, "1*3", HopInputs(("1", "3"))),              # shortcut dial *384*123*1*3#
    ("", "1", HopInputs(("1",))),
    ("1", "1*3", HopInputs(("3",))),
    ("1*3", "1*3*Siti*Aminah", HopInputs(("Siti*Aminah",))),  # a star typed inside free text
    ("1*3", "1*3", HopInputs((), repeat=True)),        # the provider re-sent the hop
    ("1*3*98", "1*3", HopInputs((), repeat=True)),     # an older hop crossing ours
    ("1*3", "7", HopInputs(("7",))),                   # not an extension: one new input
    ("1", "1", HopInputs((), repeat=True)),            # so a latest-input-only provider cannot work
    ("1", "1**", HopInputs(("*",))),
])
def test_read_hop(previous, text, expected):
    assert read_hop(previous, text) == expected
