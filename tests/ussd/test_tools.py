"""The terminal simulator and `catalog check`, as a person would use them."""

import pytest

from gateway.ops.catalog_check import main as catalog_check_main
from gateway.ussd.dial import dial
from menus.resources import packaged


@pytest.fixture
def served(app, serve_app):
    return serve_app(app)


def test_the_simulator_reaches_every_service_and_shows_each_screen_length(app_with, serve_app):
    served = serve_app(app_with(USSD_HOPS_PER_MINUTE="0"))  # a script presses faster than any resident
    catalog_size = 8
    keys = ["1", "1", "q", ""]  # hanging up mid-journey: every later dial offers to resume
    for number in range(2, catalog_size + 1):
        keys += ["2", "1", str(number), "q", ""]
    keys += ["2", "0", "q"]
    answers, printed = iter(keys), []
    dial(f"{served}/ussd", "+6281234567890", "*384*123#", "", read=lambda _: next(answers),
         write=printed.append)
    output = "\n".join(printed)
    for short in ("Domisili", "SKTM", "Usaha (SKU)", "Pengantar SKCK", "Kelahiran", "Kematian",
                  "Pengantar Nikah", "Pindah"):
        assert f"| Syarat {short}" in output
    assert "/160 characters" in output
    assert "| Sesi sebelumnya terputus." in output
    assert "| Terima kasih. Sampai jumpa." in output


def test_the_simulator_can_post_only_the_latest_input(app_with, serve_app):
    url = serve_app(app_with(USSD_INPUT="latest", USSD_RESEND_MS="0"))
    answers, printed = iter(["1", "1", "q", "q"]), []
    dial(f"{url}/ussd", "+6281234567890", "*384*123#", "", read=lambda _: next(answers),
         write=printed.append, latest=True)
    assert "| Syarat Domisili" in "\n".join(printed)


def test_the_simulator_says_when_the_app_answers_something_a_phone_cannot_show(served):
    printed = []
    dial(f"{served}/nowhere", "+6281234567890", "*384*123#", "", read=lambda _: "q",
         write=printed.append)
    assert printed[-1].startswith("!! the phone would show the operator's error: HTTP 404")


def test_catalog_check_passes_the_default_catalog(tmp_path, capsys):
    path = tmp_path / "catalog.toml"
    path.write_text(packaged("catalog.toml"))
    assert catalog_check_main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "8 services" in out and out.rstrip().endswith("OK")


def test_catalog_check_lists_problems_and_fails(tmp_path, capsys):
    path = tmp_path / "catalog.toml"
    path.write_text(packaged("catalog.toml").replace('fee.en = "Free"', 'fee.en = "Free \u2728"', 1))
    assert catalog_check_main([str(path)]) == 1
    assert "service 1 'domisili'.fee.en: characters" in capsys.readouterr().err


def test_catalog_check_as_a_flask_command(app, tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text("[office]\n")
    result = app.test_cli_runner().invoke(args=["catalog", "check", str(path)])
    assert result.exit_code == 1 and "[office].name: required text is missing" in result.output
    result = app.test_cli_runner().invoke(args=["catalog", "check"])
    assert result.exit_code == 0 and "OK" in result.output
