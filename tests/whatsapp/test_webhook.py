"""Meta's webhook: the verification handshake, signatures checked before parsing, bad bodies refused."""

import json
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.services import services_of
from gateway.store.chats import InboundChat
from gateway.whatsapp.signature import sign
from tests.support.whatsapp import APP_SECRET, VERIFY_TOKEN, envelope, post_signed, text


@pytest.mark.parametrize(("query", "status"), [
    ({"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}, 200),
    ({"hub.mode": "subscribe", "hub.verify_token": "wrong-token", "hub.challenge": "1158201444"}, 403),
    ({"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}, 403),
    ({"hub.challenge": "1158201444"}, 403),
])
def test_verification_echoes_the_challenge_only_for_our_token(wa_app, query, status):
    response = wa_app.test_client().get("/whatsapp", query_string=query)
    assert response.status_code == status
    assert (response.text == "1158201444") == (status == 200)


def stored(app) -> int:
    with Session(services_of(app).database) as db:
        return db.scalar(select(func.count()).select_from(InboundChat))


def queued_jobs(app) -> int:
    return services_of(app).jobs.queue.count


@pytest.mark.parametrize("forge", ["missing", "wrong secret", "body changed", "not sha256", "empty"])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_stored(wa_app, graph, forge):
    body = json.dumps(envelope(graph.phone_number_id, [text("halo")])).encode()
    signature = {"missing": "", "empty": "sha256=", "not sha256": "md5=abc"}.get(forge)
    if forge == "wrong secret":
        response = post_signed(wa_app.test_client(), body, secret="not-the-app-secret")
    elif forge == "body changed":
        response = post_signed(wa_app.test_client(), body.replace(b"halo", b"HALO"),
                               signature=sign(body, APP_SECRET))
    else:
        response = post_signed(wa_app.test_client(), body, signature=signature)
    assert response.status_code == 403 and "X-Hub-Signature-256" in response.text
    assert stored(wa_app) == 0 and queued_jobs(wa_app) == 0


def test_a_signature_is_checked_before_the_body_is_read(wa_app):
    response = post_signed(wa_app.test_client(), b"{not json", secret="wrong")
    assert response.status_code == 403  # refused for the signature, not parsed into a 400


@pytest.mark.parametrize(("body", "named"), [
    (b"{not json", "not JSON"),
    (b'{"entry": {"changes": []}}', "entry must be a list"),
    (json.dumps(envelope("109876543210", [{"from": "6281234567890", "id": "w1", "type": "text"}])).encode(),
     "text.body"),
    (json.dumps(envelope("109876543210", [text("hi", phone="+1")])).encode(), "from must be a phone"),
    (json.dumps(envelope("109876543210", statuses=[{"id": "w1", "status": "exploded"}])).encode(), "status"),
])
def test_a_signed_body_of_the_wrong_shape_gets_a_clear_400_and_stores_nothing(wa_app, body, named):
    response = post_signed(wa_app.test_client(), body)
    assert response.status_code == 400 and named in response.text
    assert stored(wa_app) == 0


def test_events_for_another_phone_number_of_the_account_are_ignored(wa_app):
    response = post_signed(wa_app.test_client(), envelope("5550001", [text("halo")]))
    assert response.status_code == 200 and stored(wa_app) == 0


def test_reactions_and_system_messages_are_not_answered(wa_app, graph):
    reaction = {"from": "6281234567890", "id": "wamid.r1", "timestamp": "1767225600", "type": "reaction",
                "reaction": {"message_id": "wamid.x", "emoji": "+1"}}
    assert post_signed(wa_app.test_client(), envelope(graph.phone_number_id, [reaction])).status_code == 200
    assert stored(wa_app) == 0


def test_a_photo_gets_a_polite_line_in_the_residents_language(resident):
    photo = {"from": resident.phone.lstrip("+"), "id": "wamid.p1", "timestamp": str(int(time.time())),
             "type": "image", "image": {"id": "media-1", "mime_type": "image/jpeg"}}
    [reply] = resident.post(photo)
    assert reply["text"]["body"] == "Maaf, kami hanya membaca pesan teks. Balas HALO untuk menu."


def test_without_its_settings_there_is_no_whatsapp_endpoint(app):
    client = app.test_client()
    assert client.get("/whatsapp").status_code == 404
    assert client.post("/whatsapp", data=b"{}").status_code in (404, 405)
