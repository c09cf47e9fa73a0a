"""POST /ussd/events stores how each session ended, once, without the resident's inputs."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.ussd_ends import UssdSessionEnd

EVENT = {"date": "2026-11-28 10:00:00", "sessionId": "ATUid_end1", "serviceCode": "*384*123#",
         "networkCode": "51010", "phoneNumber": "+6281234567890", "status": "Incomplete",
         "cost": "IDR 0.00", "durationInMillis": "45123", "hopsCount": "4",
         "input": "4*1*Siti*3171014708900003", "lastAppResponse": "CON Nama:", "errorMessage": ""}


def rows(database):
    with Session(database) as session:
        return session.scalars(select(UssdSessionEnd)).all()


def test_a_session_end_is_stored_with_a_masked_phone_and_no_inputs(client, database):
    response = client.post("/ussd/events", data=EVENT)
    assert response.status_code == 200
    [row] = rows(database)
    assert (row.session_id, row.status) == ("ATUid_end1", "Incomplete")
    assert (row.hops_count, row.duration_ms) == (4, 45123)
    assert row.phone_masked == "+628*******890"
    stored = " ".join(str(value) for value in vars(row).values())
    assert "3171014708900003" not in stored and "Siti" not in stored


def test_the_same_notification_posted_three_times_is_stored_once(client, database):
    for _ in range(3):
        assert client.post("/ussd/events", data=EVENT).status_code == 200
    assert len(rows(database)) == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"status": "Exploded"}, "status must be one of"),
    ({"sessionId": ""}, "sessionId is missing"),
    ({"hopsCount": "four"}, "hopsCount must be a whole number"),
    ({"hopsCount": "\u00b2"}, "hopsCount must be a whole number"),
    ({"durationInMillis": "1\u00b9"}, "durationInMillis must be a whole number"),
    ({"hopsCount": "792294012109"}, "hopsCount must be a whole number of at most 9 digits"),  # no SQL int
    ({"phoneNumber": "nope"}, "phoneNumber must be a phone number"),
])
def test_malformed_notifications_get_400(client, database, change, message):
    response = client.post("/ussd/events", data={**EVENT, **change})
    assert response.status_code == 400 and message in response.text
    assert rows(database) == []


def test_with_the_database_down_the_provider_is_asked_to_retry(app_with, unreachable_database_url):
    client = app_with(DATABASE_URL=unreachable_database_url).test_client()
    assert client.post("/ussd/events", data=EVENT).status_code == 503
