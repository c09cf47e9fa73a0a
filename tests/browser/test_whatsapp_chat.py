"""The WhatsApp chat beside the phone simulator, in a real Chromium, through the real /whatsapp
endpoint with a properly signed body, a real worker and the Graph API stand-in."""

import json

import pytest
from playwright.sync_api import expect

from gateway.whatsapp.signature import signature_valid
from tests.support.graph_stand_in import GraphStandIn
from tests.support.whatsapp import APP_SECRET, VERIFY_TOKEN


@pytest.fixture
def graph():
    with GraphStandIn() as server:
        yield server


@pytest.fixture
def wa_app(sms_environ, graph, make_app):
    return make_app({**sms_environ, "WHATSAPP_TOKEN": graph.token,
                     "WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id, "WHATSAPP_APP_SECRET": APP_SECRET,
                     "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN, "WHATSAPP_API_BASE_URL": graph.url,
                     "WHATSAPP_API_VERSION": graph.version, "WHATSAPP_TEMPLATE_STATUS": "sapa_status"})


def test_staff_chat_with_the_office_number_beside_the_phone(page, wa_app, serve_app, run_worker, graph,
                                                            screenshots):
    base = serve_app(wa_app)
    posts = []
    page.on("request", lambda r: r.method == "POST" and r.url.endswith("/whatsapp") and posts.append(r))
    page.set_viewport_size({"width": 420, "height": 1300})
    page.goto(f"{base}/simulator")
    page.locator("#msisdn").fill("+6285711112222")
    page.locator("#msisdn").dispatch_event("change")
    log = page.locator("#chat-log")

    with page.expect_response(lambda r: r.url.endswith("/whatsapp") and r.request.method == "POST") as answer:
        page.locator("#chat-entry").fill("halo")
        page.locator("#chat-entry").press("Enter")
    assert answer.value.status == 200
    run_worker(wa_app)
    expect(log).to_contain_text("Selamat datang di Kelurahan Tanjung Sari")
    page.get_by_role("button", name="\u2630 Pilihan").last.click()
    with page.expect_response(lambda r: r.url.endswith("/whatsapp") and r.request.method == "POST"):
        page.get_by_role("button", name="1. Syarat layanan").last.click()
    run_worker(wa_app)
    expect(log).to_contain_text("Pilih layanan:")
    with page.expect_response(lambda r: r.url.endswith("/whatsapp") and r.request.method == "POST"):
        page.locator("#chat-entry").fill("2")
        page.locator("#chat-entry").press("Enter")
    run_worker(wa_app)
    expect(log).to_contain_text("Surat pernyataan tidak mampu, bermeterai")
    expect(page.get_by_role("button", name="00. Awal")).to_be_visible()
    expect(log.locator(".tick").last).to_contain_text("\u2713")
    page.screenshot(path=screenshots / "whatsapp-chat.png")

    assert len(posts) == 3
    for request in posts:  # each as Meta posts it: signed over exactly the bytes sent
        body = request.post_data_buffer
        assert signature_valid(body, request.headers["x-hub-signature-256"], APP_SECRET)
    [tap] = json.loads(posts[1].post_data)["entry"][0]["changes"][0]["value"]["messages"]
    assert tap["interactive"]["list_reply"]["id"] == "root::1"
    assert {b["to"] for b in graph.sent()} == {"6285711112222"}
    assert APP_SECRET not in page.content()


def test_without_whatsapp_the_page_has_no_chat(page, live_server):
    page.goto(f"{live_server}/simulator")
    expect(page.locator("#display")).to_be_visible()
    assert page.locator("#chat").count() == 0
