"""The staff guide shows the console as the browser tests drew it, in either language."""

import re
from pathlib import Path

import pytest

from tests.support.staff import post_form, signed_in

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "gateway" / "staff" / "templates" / "staff"
BROWSER_TESTS = "".join(p.read_text() for p in (ROOT / "tests" / "browser").glob("test_*.py"))


@pytest.mark.parametrize("template", ["help_id.html", "help_en.html"])
def test_every_picture_in_the_guide_is_a_current_screenshot_a_browser_test_makes(template):
    names = re.findall(r"filename='help/([\w-]+\.png)'", (TEMPLATES / template).read_text())
    assert len(names) == 6
    for name in names:
        served, drawn = ROOT / "gateway" / "static" / "help" / name, ROOT / "docs" / "screenshots" / name
        assert served.read_bytes() == drawn.read_bytes(), f"{name}: run make screenshots"
        assert f'"{name}"' in BROWSER_TESTS, f"no browser test draws {name}"


def test_the_guide_is_in_bahasa_indonesia_and_in_english_on_request(app):
    desk = signed_in(app)
    assert "Panduan petugas: satu hari di konsol Sapa" in desk.get("/staff/help").text
    post_form(desk, "/staff/language", {"back": "/staff/help"})
    page = desk.get("/staff/help").text
    assert "Staff guide: a day in the Sapa console" in page and "*384*123#" in page
