"""A resident's data rights reach what they said and were sent on WhatsApp: DATA asks there too,
the export holds the chat, an erasure clears it, and retention clears old bodies."""

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gateway.store.chats import InboundChat, OutboundChat
from gateway.store.conversations import ConversationStore
from gateway.store.privacy import PrivacyRequest, apply_retention
from gateway.store.vault import Vault, new_data_key
from tests.support import whatsapp as wa
from tests.support.staff import post_form, signed_in


def test_data_on_whatsapp_records_a_request_from_whatsapp(resident, database):
    [reply] = resident.write("DATA")
    assert "3x24 jam" in reply["text"]["body"]
    with Session(database) as db:
        [request] = db.scalars(select(PrivacyRequest)).all()
    assert (request.kind, request.channel, request.contact) == ("access", "whatsapp", wa.PHONE)


def test_the_export_holds_the_chat_and_erasing_clears_it(resident, database, redis_client):
    resident.write("Halo")
    resident.write("syarat sktm")
    keys = resident.services.phone_keys
    conversation = ConversationStore(redis_client, keys, resident.services.vault).key(wa.PHONE)
    assert redis_client.exists(conversation)
    admin = signed_in(resident.app, "admin")
    post_form(admin, "/staff/rights/find", {"q": wa.PHONE}, "/staff/rights/")
    exported = post_form(admin, "/staff/rights/subject/export", {"as": "json"}, "/staff/rights/subject")
    data = json.loads(exported.data)
    assert [m["phone"] for m in data["whatsapp_received"]] == [wa.PHONE, wa.PHONE]  # texts cleared: answered
    assert any(m["text"].startswith("Syarat Surat Keterangan Tidak Mampu") for m in data["whatsapp_sent"])
    post_form(admin, "/staff/rights/subject/erase", {"confirm": "yes", "why": "permintaan warga"},
              "/staff/rights/subject")
    with Session(database) as db:
        sent = db.scalars(select(OutboundChat)).all()
        assert sent and all((m.message, m.text, m.phone.count("*") > 0) == ("", "", True) for m in sent)
        assert {(m.text, m.tapped) for m in db.scalars(select(InboundChat))} == {("", "")}
    assert not redis_client.exists(conversation)


def test_retention_clears_old_chat_bodies(resident, database):
    resident.write("syarat sktm")
    with Session(database) as db, db.begin():
        db.execute(update(OutboundChat).values(created_at=datetime.now(UTC) - timedelta(days=100)))
        db.execute(update(InboundChat).values(received_at=datetime.now(UTC) - timedelta(days=100)))
    report = apply_retention(database, resident.services.settings.section("privacy"), datetime.now(UTC))
    assert report.counts["whatsapp_texts"] >= 1
    with Session(database) as db:
        sent = db.scalars(select(OutboundChat)).all()
        assert {m.message for m in sent} == {""}
        assert {m.chat_message(resident.services.vault).body for m in sent} == {""}  # still readable


def test_key_rotation_re_encrypts_the_chat_bodies(resident, database, wa_environ, wa_app_with):
    resident.write("syarat sktm")
    new_key = new_data_key()
    rotating = wa_app_with(DATA_KEY=new_key, DATA_KEY_OLD=wa_environ["DATA_KEY"])
    result = rotating.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "WhatsApp messages re-encrypted 1" in result.output
    with Session(database) as db:
        [sent] = db.scalars(select(OutboundChat)).all()
        assert sent.chat_message(Vault(new_key)).body.startswith("Syarat Surat Keterangan Tidak Mampu")
