"""No message the engine can produce breaks Meta's limits: every screen of the whole catalog in both
languages, checked by our rules and again, as the Graph API JSON we send, by the stand-in's."""

import pytest

from gateway.whatsapp.outgoing import template, to_graph
from menus import parse_catalog
from menus.chat_limits import chat_messages, chat_problems, message_problems
from menus.resources import default_catalog, default_texts
from tests.support.graph_stand_in import limits_broken

TEXTS = default_texts()


def big_catalog(services: int = 14, documents: int = 8):
    """An office with many services, every label at its longest: lists must be windowed."""
    entries = []
    for n in range(1, services + 1):
        docs = ", ".join(f'"Dokumen nomor {d} yang panjang sekali untuk layanan {n}, fotokopi dilegalisir '
                         f'oleh kantor kelurahan setempat"' for d in range(documents))
        entries.append(f"""
[[service]]
key = "layanan-{n}"
short.id = "Layanan Nomor {n:02d}xx"
short.en = "Service Number {n:02d}x"
name.id = "Surat Keterangan Layanan Nomor {n:02d} Untuk Keperluan Panjang"
name.en = "Certificate of Service Number {n:02d} For A Very Long Purpose"
requirements.id = [{docs}]
requirements.en = [{docs}]
processing.id = "{"x" * 60}"
processing.en = "{"y" * 60}"
fee.id = "{"z" * 60}"
fee.en = "{"w" * 60}"
notes.id = "{"Catatan panjang " * 7}"
notes.en = "{"A long note here " * 7}"
""")
    office = """[office]
name = "Kelurahan Dengan Nama Yang Panjang Ini"
address = "Jl. Pelabuhan No. 12, Tanjung Sari"
hours.id = "Senin-Kamis 08.00-15.00, Jumat 08.00-11.30 WIB"
hours.en = "Mon-Thu 08.00-15.00, Fri 08.00-11.30 WIB"
contact = "0771-000123"
ussd_code = "*384*123#"
"""
    return parse_catalog(office + "".join(entries))


@pytest.mark.parametrize("catalog", [default_catalog(), big_catalog()], ids=["default", "14 long services"])
def test_every_whatsapp_message_of_the_catalog_fits_metas_limits_in_both_languages(catalog):
    messages = list(chat_messages(catalog, TEXTS))
    assert {where.split(" ")[0] for where, _ in messages} == {"id", "en"}
    assert chat_problems(catalog, TEXTS) == []
    graph = [(where, to_graph(message)) for where, message in messages]
    assert [(where, limits_broken(body)) for where, body in graph if limits_broken(body)] == []
    kinds = {body["type"] + body.get("interactive", {}).get("type", "") for _, body in graph}
    assert kinds == {"text", "interactivelist", "interactivebutton"}


def test_a_long_service_list_is_shown_a_window_at_a_time_with_a_more_row():
    services = [m for where, m in chat_messages(big_catalog(), TEXTS) if where.startswith("id 1 ")]
    windows = [m for m in services if m.choices and m.choices[0].id.startswith("services::")]
    assert [len(m.choices) for m in windows[:2]] == [10, 7]  # 8 + more + back, then 6 + back
    first = windows[0]
    assert [c.title for c in first.choices][-2:] == ["Lanjut ...", "0. Kembali"]
    assert first.choices[0].title == "1. Layanan Nomor 01xx"


def test_the_checks_catch_each_broken_limit():
    from menus.chat import ChatMessage, Choice
    rows = tuple(Choice(f"r{n}", "x" * 25) for n in range(11))
    assert message_problems(ChatMessage("list", "b" * 1025, rows, "y" * 21, "f" * 61)) == [
        "body of 1025 characters", "footer of 61 characters", "11 rows", f"list button {'y' * 21!r}",
        *[f"row {'x' * 25!r}"] * 11]
    assert message_problems(ChatMessage("buttons", "b", tuple(Choice(f"{n}", "t" * 21) for n in range(4)))) \
        == ["4 buttons", *[f"button {'t' * 21!r}"] * 4]
    assert message_problems(ChatMessage("text", "t" * 4097)) == ["text of 4097 characters"]


def test_the_status_template_carries_each_notice_within_metas_limits():
    body = {"messaging_product": "whatsapp", "to": "6281234567890",
            **template("sapa_status", "id", ["XX-XXXXX", "line one\nline two\twith    spaces"])}
    assert limits_broken(body) == ""
    [param] = body["template"]["components"][0]["parameters"][1:]
    assert param["text"] == "line one line two with spaces"  # Meta refuses new lines and tabs in parameters
