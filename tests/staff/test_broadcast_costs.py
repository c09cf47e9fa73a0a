"""A broadcast costs a few SQL statements and one Redis round trip to queue, whatever its size, and
a few statements a batch to hand over: never one or two per recipient (10,000 would take minutes)."""

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from gateway.jobs import BATCH_SIZE
from gateway.services import services_of
from gateway.store.messages import MessageStatus, Purpose, record_many
from gateway.store.phones import PhonePreference
from tests.staff.test_staff_notices import preview_and_send
from tests.support.counting import count_round_trips, record_statements
from tests.support.sms import messages
from tests.support.staff import signed_in

RECIPIENTS = 2 * BATCH_SIZE + 50
FORM = {"mode": "broadcast", "rt_rw": "", "text": "Posyandu hari Sabtu pukul 08.00.", "step": "preview"}


def consenting(database, count: int) -> list[str]:
    phones = [f"+62812{n:08d}" for n in range(count)]
    with Session(database) as db, db.begin():
        db.execute(insert(PhonePreference), [{"phone": p, "broadcasts": True} for p in phones])
    return phones


def test_queueing_a_broadcast_costs_a_few_statements_and_one_round_trip(sms_app, database, redis_client):
    consenting(database, RECIPIENTS)
    client = signed_in(sms_app)
    sent: list[bytes] = []
    statements, trips = record_statements(sms_app), count_round_trips(sms_app, sent)
    services_of(sms_app).redis.ping()  # opens the pooled connection: its handshake is not the broadcast's
    before = trips[0]
    preview_and_send(client, FORM)
    assert len(statements) < 30  # preview and send, both pages: not two per recipient
    # One pipeline carries every batch job; the console session's reads and writes are a handful
    # per page, whatever the broadcast's size.
    assert sum(b"rq:queue:default" in trip for trip in sent) == 1
    assert trips[0] - before < 30
    assert redis_client.llen("rq:queue:default") == 3
    assert len(messages(database)) == RECIPIENTS


def test_handing_a_batch_over_costs_a_few_statements(sms_app, database, run_worker, stand_in):
    phones = consenting(database, BATCH_SIZE)
    preview_and_send(signed_in(sms_app), FORM)
    with Session(database) as db, db.begin():  # ten send STOP while the broadcast waits in the queue
        db.execute(update(PhonePreference).where(PhonePreference.phone.in_(phones[:10])).values(broadcasts=False))
    statements = record_statements(sms_app)
    run_worker()
    sends = [s for s in statements if "sms_messages" in s]
    assert len(sends) < 15  # claim, record the receipts, look for early reports: per batch
    assert len(stand_in.calls) == 1 and len(stand_in.calls[0]["to"].split(",")) == BATCH_SIZE - 10
    statuses = [m.status for m in messages(database)]
    assert statuses.count(MessageStatus.SENT) == BATCH_SIZE - 10
    assert statuses.count(MessageStatus.FAILED) == 10  # they sent STOP


def test_recording_many_again_returns_what_is_stored_and_adds_nothing(database):
    one, two, three = ("+6281111111111", "b:1"), ("+6282222222222", "b:2"), ("+6283333333333", "b:3")
    with Session(database) as db, db.begin():
        first = record_many(db, [one, two], "Halo", Purpose.BROADCAST)
    with Session(database) as db, db.begin():
        again = record_many(db, [two, three], "Halo", Purpose.BROADCAST)
    assert again[0] == first[1] and again[1][1] == MessageStatus.QUEUED
    assert len(messages(database)) == 3 and {m.text for m in messages(database)} == {"Halo"}
