"""The phone simulator page, used in a real headless Chromium against the real /ussd endpoint."""

import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from menus.gsm7 import septets

PRODUCTION = {"SAPA_ENV": "production", "SMS_PROVIDER": "africastalking", "AT_USERNAME": "kel",
              "AT_API_KEY": "key", "CALLBACK_TOKEN": "callback-token-0123456789"}


def record_hops(page) -> list[dict]:
    """Collect the form of every hop the page posts (to its own /simulator/ussd), and its query."""
    hops = []

    def on_request(request):
        if request.method == "POST" and urlsplit(request.url).path == "/simulator/ussd":
            form = {key: values[0] for key, values in parse_qs(request.post_data or "",
                                                               keep_blank_values=True).items()}
            hops.append({**form, "_query": parse_qs(urlsplit(request.url).query)})

    page.on("request", on_request)
    return hops


def press(page, *keys: str) -> None:
    for key in keys:
        page.locator(f'.key[data-key="{key}"]').click()


def png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_a_resident_dials_reads_the_sktm_requirements_goes_back_and_hangs_up(page, live_server, screenshots):
    page.set_viewport_size({"width": 420, "height": 760})
    hops = record_hops(page)
    page.goto(f"{live_server}/simulator")
    screen, counter, call = page.locator("#display"), page.locator("#counter"), page.locator("#call")

    press(page, "*", "3", "8", "4", "*", "1", "2", "3", "#")
    expect(page.locator("#entry")).to_have_value("*384*123#")
    call.click()
    expect(screen).to_contain_text("Selamat datang di Kelurahan Tanjung Sari")
    expect(call).to_have_text("Kirim (Send)")
    press(page, "1")
    call.click()
    expect(screen).to_contain_text("Pilih layanan:")
    press(page, "2")
    call.click()
    expect(screen).to_contain_text("Syarat SKTM (1/3)")
    expect(screen).to_contain_text("- Surat pernyataan tidak mampu, bermeterai")
    expect(counter).to_have_text(f"{septets(screen.text_content())}/160")
    assert septets(screen.text_content()) > 100  # the counter counts the screen, not the typing

    shot = screenshots / "simulator.png"
    page.screenshot(path=shot)
    assert png_size(shot) == (420, 760) and shot.stat().st_size < 80_000

    press(page, "0")
    call.click()
    expect(screen).to_contain_text("Pilih layanan:")
    page.locator("#end").click()
    expect(screen).to_contain_text("Ketik *384*123# lalu tekan Panggil")
    expect(call).to_have_text("Panggil (Call)")
    expect(counter).to_have_text("")

    assert [hop["text"] for hop in hops] == ["", "1", "1*2", "1*2*0"]
    assert len({hop["sessionId"] for hop in hops}) == 1
    assert {(hop["serviceCode"], hop["phoneNumber"], hop["networkCode"]) for hop in hops} == {
        ("*384*123#", "+6281234567890", "51010")}
    assert all(hop["_query"] == {} for hop in hops)

    call.click()  # a new call, so a new session: the dropped one is offered for resuming
    expect(screen).to_contain_text("Sesi sebelumnya terputus.")
    assert hops[-1]["text"] == "" and hops[-1]["sessionId"] != hops[0]["sessionId"]


def test_dialling_a_shortcut_sends_its_inputs_on_the_first_hop_and_end_closes_the_session(page, live_server):
    hops = record_hops(page)
    page.goto(f"{live_server}/simulator")
    page.locator("#msisdn").fill("+6285711112222")
    page.locator("#entry").fill("*384*123*1*2#")
    page.locator("#entry").press("Enter")
    expect(page.locator("#display")).to_contain_text("Syarat SKTM (1/3)")
    page.locator("#entry").fill("00")
    page.locator("#entry").press("Enter")
    expect(page.locator("#display")).to_contain_text("0. Keluar")
    page.locator("#entry").fill("0")
    page.locator("#call").click()
    expect(page.locator("#display")).to_contain_text("Terima kasih. Sampai jumpa.")
    expect(page.locator("#status")).to_have_text("Selesai (ended)")
    expect(page.locator("#call")).to_have_text("Panggil (Call)")
    assert [(hop["text"], hop["phoneNumber"]) for hop in hops] == [
        ("1*2", "+6285711112222"), ("1*2*00", "+6285711112222"), ("1*2*00*0", "+6285711112222")]


def test_in_latest_mode_the_page_posts_only_the_newest_input(page, app_with, serve_app):
    base = serve_app(app_with(USSD_INPUT="latest"))
    hops = record_hops(page)
    page.goto(f"{base}/simulator")
    page.locator("#entry").fill("*384*123*1#")
    page.locator("#entry").press("Enter")
    expect(page.locator("#display")).to_contain_text("Pilih layanan:")
    page.locator("#entry").fill("2")
    page.locator("#entry").press("Enter")
    expect(page.locator("#display")).to_contain_text("Syarat SKTM (1/3)")
    assert [hop["text"] for hop in hops] == ["*384*123*1#", "2"]


def test_a_code_that_is_not_the_offices_is_not_dialled(page, live_server):
    hops = record_hops(page)
    page.goto(f"{live_server}/simulator")
    page.locator("#entry").fill("*123#")
    page.locator("#call").click()
    expect(page.locator("#display")).to_contain_text("Kode tidak dikenal: *123#")
    assert hops == []


def test_an_answer_a_phone_cannot_show_ends_the_call_with_the_operator_error(page, live_server):
    page.goto(f"{live_server}/simulator")
    page.locator("#msisdn").fill("0812")  # not E.164: /ussd answers 400, the provider would drop the call
    page.locator("#call").click()
    expect(page.locator("#display")).to_contain_text("Masalah koneksi atau kode MMI tidak valid.")
    expect(page.locator("#display")).to_contain_text("[HTTP 400] Bad request: phoneNumber")
    expect(page.locator("#call")).to_have_text("Panggil (Call)")


def test_the_page_dials_a_protected_gateway_without_ever_holding_its_callback_token(page, app_with,
                                                                                  serve_app):
    base = serve_app(app_with(CALLBACK_TOKEN="callback-token-0123456789"))
    hops = record_hops(page)
    page.goto(f"{base}/simulator")
    assert "callback-token-0123456789" not in page.content()
    page.locator("#call").click()
    expect(page.locator("#display")).to_contain_text("Selamat datang di Kelurahan Tanjung Sari")
    assert hops[0]["_query"] == {}


def test_the_simulators_endpoint_refuses_a_hop_without_the_pages_csrf_token(client):
    response = client.post("/simulator/ussd", data={"sessionId": "x1", "serviceCode": "*384*123#",
                                                    "phoneNumber": "+6281234567890", "text": ""})
    assert response.status_code == 400 and "CSRF" in response.text


@pytest.mark.parametrize(("overrides", "status"), [
    ({}, 200),
    ({"SIMULATOR_ENABLED": "0"}, 404),
    (PRODUCTION, 404),
    ({**PRODUCTION, "SIMULATOR_ENABLED": "1"}, 302),  # enabled in production: staff log in first
])
def test_the_page_is_served_only_when_enabled(app_with, overrides, status):
    response = app_with(**overrides).test_client().get("/simulator")
    assert response.status_code == status
    assert "callback-token-0123456789" not in response.text


def test_in_production_a_logged_in_staff_member_gets_the_page_but_never_the_token(app_with):
    from tests.support.staff import log_in, make_staff
    app = app_with(**PRODUCTION, SIMULATOR_ENABLED="1")
    make_staff(app)
    client = app.test_client()
    log_in(client)
    response = client.get("/simulator")
    assert response.status_code == 200 and "callback-token-0123456789" not in response.text


def test_a_missing_chromium_fails_the_browser_tests_in_ci_with_the_package_to_install(
        launch_chromium, tmp_path, monkeypatch):
    monkeypatch.setenv("SAPA_CI", "1")
    with pytest.raises(pytest.fail.Exception, match=r"no-chromium is missing.*apt-get install chromium"):
        launch_chromium(tmp_path / "no-chromium")


def test_a_missing_chromium_skips_the_browser_tests_outside_ci(launch_chromium, tmp_path, monkeypatch):
    monkeypatch.delenv("SAPA_CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"no-chromium is missing.*apt-get install chromium"):
        launch_chromium(tmp_path / "no-chromium")
