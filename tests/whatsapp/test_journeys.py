"""A resident on WhatsApp uses the same menus, catalog and keywords as on USSD and SMS."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.applications import Application
from gateway.store.chats import InboundChat
from gateway.store.phones import PhonePreference
from tests.support.whatsapp import choice_ids, envelope, post_signed, shown, text


def test_a_greeting_opens_the_main_menu_as_a_list_and_two_taps_reach_the_requirements(resident):
    [menu] = resident.write("Halo")
    assert menu["type"] == "interactive" and menu["interactive"]["type"] == "list"
    assert shown(menu).startswith("Selamat datang di Kelurahan Tanjung Sari")
    assert "1. Syarat layanan" in choice_ids(menu)
    [services] = resident.tap("1. Syarat layanan")
    assert list(choice_ids(services))[:2] == ["1. Domisili", "2. SKTM"]
    [sktm] = resident.tap("2. SKTM")
    assert sktm["interactive"]["type"] == "button"
    assert "Surat pernyataan tidak mampu, bermeterai" in shown(sktm)
    assert list(choice_ids(sktm)) == ["0. Kembali", "00. Awal"]  # no "Kirim SMS": the chat keeps it


def test_typing_the_numbers_works_as_well_as_tapping(resident):
    resident.write("hi")
    resident.write("1")
    [sktm] = resident.write("2")
    assert shown(sktm).startswith("Syarat SKTM\n- Surat pengantar RT/RW")
    [back] = resident.write("0")
    assert shown(back).startswith("Pilih layanan:")


def test_free_text_works_as_it_does_by_sms(resident):
    [reply] = resident.write("syarat sktm")
    assert reply["type"] == "text"
    assert reply["text"]["body"].startswith("Syarat Surat Keterangan Tidak Mampu (SKTM):\n1. Surat pengantar")
    [unknown] = resident.write("status DB-7K2Q9")
    assert unknown["text"]["body"] == "Kode tidak ditemukan. Contoh: STATUS DB-7K2Q9"


def test_bahasa_en_switches_the_menus_to_english(resident):
    resident.write("BAHASA EN")
    [menu] = resident.write("menu")
    assert shown(menu).startswith("Welcome to Kelurahan Tanjung Sari")


def test_applying_on_whatsapp_gives_the_same_code_checklist_and_a_status_reply(resident, database):
    resident.write("halo")
    resident.tap("2. Daftar layanan")
    [ask_name] = resident.tap("2. SKTM")
    assert shown(ask_name).startswith("Nama lengkap sesuai KTP:")
    resident.write("Siti Aminah")
    [wrong] = resident.write("3171014708")
    assert shown(wrong).startswith("NIK harus 16 angka.\nNIK (16 angka di KTP):")  # said on the same question
    [ask_rt_rw] = resident.write("3171014708900099")
    assert shown(ask_rt_rw).startswith("RT/RW tempat tinggal")
    [consent] = resident.write("3/7")
    assert shown(consent).startswith("Mau terima pengumuman")
    [confirm] = resident.tap("1. Ya")
    assert "Nama: Siti Aminah" in shown(confirm) and "NIK: 3171********0099" in shown(confirm)
    [applied] = resident.tap("1. Kirim")
    with Session(database) as db:
        application = db.scalar(select(Application))
        assert application.channel == "whatsapp" and application.service_key == "sktm"
        assert [i.text_id for i in application.items][0] == "Surat pengantar RT/RW"
        code = application.code
        assert db.get(PhonePreference, resident.phone).broadcasts is True
    assert applied["text"]["body"].startswith(
        f"Permohonan Surat Keterangan Tidak Mampu (SKTM) diterima. Kode: {code}")
    [status] = resident.write(f"status {code.lower()}")
    assert status["text"]["body"] == f"{code} (SKTM): Diterima."
    [menu] = resident.write("3")  # after the application the conversation starts afresh: 3 = Cek status
    assert code in shown(menu)


def test_the_same_event_sent_again_is_answered_once(resident, database):
    event = envelope(resident.graph.phone_number_id, [text("halo", resident.phone, wamid="wamid.same")])
    for _ in range(3):
        assert post_signed(resident.client, event).status_code == 200
    resident.run_worker(resident.app)
    assert post_signed(resident.client, event).status_code == 200
    resident.run_worker(resident.app)
    assert len(resident.said()) == 1
    with Session(database) as db:
        [inbound] = db.scalars(select(InboundChat)).all()
        assert inbound.text == "" and inbound.keyword == "unknown"  # answered: what was written is gone


def test_stop_on_whatsapp_opts_the_phone_out_of_broadcasts(resident, database):
    [reply] = resident.write("BERHENTI")
    assert reply["text"]["body"].startswith("Anda tidak akan menerima pengumuman")
    with Session(database) as db:
        assert db.get(PhonePreference, resident.phone).broadcasts is False
