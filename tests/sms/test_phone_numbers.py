"""Phone numbers arrive as +62..., 62... or 08... (with spaces or dashes); Sapa keeps them as E.164."""

import pytest

from menus.phones import parse_phone
from tests.support.phone import Phone
from tests.support.sms import messages, post_incoming

FULL_WIDTH = str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")
ARABIC_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")


@pytest.mark.parametrize(("raw", "e164"), [
    ("+6281234567890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("081234567890", "+6281234567890"),
    ("0812-3456-7890", "+6281234567890"),
    (" 0812 3456 7890 ", "+6281234567890"),
    ("+62 812-3456-7890", "+6281234567890"),
    ("62 812 3456 7890", "+6281234567890"),
    ("+12025550123", "+12025550123"),  # another country's number is kept
    ("+44 20 7946 0958", "+442079460958"),
    ("(0812) 3456-7890", "+6281234567890"),
    ("081234567890".translate(FULL_WIDTH), "+6281234567890"),
    ("+6281234567890".translate(ARABIC_INDIC), "+6281234567890"),
    ("", None),
    ("0812", None),  # too short to be a number
    ("+62 812 abc", None),  # letters are no keypad digits here
    ("+62812345678901234", None),  # too long
])
def test_parse_phone(raw, e164):
    assert parse_phone(raw) == e164


@pytest.mark.parametrize("local", ["081234567890", "6281234567890", "+62 812-3456-7890"])
def test_the_ussd_endpoint_takes_local_forms_as_the_same_phone(client, local):
    phone = Phone(client, number=local)
    assert phone.dial().startswith("CON Selamat datang")
    phone.press("5", "2")
    assert Phone(client, number="+6281234567890").dial().startswith("CON Welcome to")


@pytest.mark.parametrize("local", ["081234567890", "6281234567890", "0812 3456 7890"])
def test_the_sms_endpoint_answers_local_forms_in_e164(sms_app, stand_in, run_worker, database, local):
    assert post_incoming(sms_app.test_client(), "INFO", phone=local).status_code == 200
    run_worker()
    assert [call["to"] for call in stand_in.calls] == ["+6281234567890"]
    assert messages(database)[0].phone == "+6281234567890"


def test_the_session_end_notification_takes_a_local_number_too(client):
    response = client.post("/ussd/events", data={
        "sessionId": "ATUid_local", "serviceCode": "*384*123#", "networkCode": "51010",
        "phoneNumber": "081234567890", "status": "Success", "cost": "IDR 0", "durationInMillis": "1200",
        "hopsCount": "2", "date": "2026-11-28 10:00:00"})
    assert response.status_code == 200
