"""What each provider outcome does to a message, with the services passed in and a recording fake."""

from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from gateway.errors import TransientSendError
from gateway.providers import Outcome
from gateway.services import services_of
from gateway.sms.sending import send_message
from gateway.store.messages import MessageStatus, Purpose, open_pause, record_message
from gateway.store.phones import PhonePreference
from tests.support.fake_provider import RecordingProvider
from tests.support.sms import messages

PHONE = "+6281234567890"


def sending_with(app, database, provider):
    with Session(database) as session, session.begin():
        message_id = record_message(session, PHONE, "Surat Anda siap diambil.", Purpose.REPLY, "t:1").id
    return replace(services_of(app), provider=provider), message_id


@pytest.mark.parametrize(("answer", "opted_out", "status", "said"), [
    (Outcome.ACCEPTED, False, MessageStatus.SENT, "sent"),
    (Outcome.FAILED, False, MessageStatus.FAILED, "failed: fake failed"),
    (Outcome.FAILED, True, MessageStatus.FAILED, "failed: fake failed"),
    (Outcome.STOP_ALL, False, MessageStatus.HELD, "held: sending paused"),
    (Outcome.RETRY, False, MessageStatus.FAILED, "failed: fake retry"),  # no retries left outside RQ
    (TransientSendError, False, MessageStatus.FAILED, "failed: fake provider unreachable"),
])
def test_each_outcome_moves_the_message_where_it_belongs(app, database, answer, opted_out, status, said):
    provider = RecordingProvider(answer, opted_out=opted_out)
    services, message_id = sending_with(app, database, provider)
    assert send_message(services, message_id) == said
    assert provider.calls == [((PHONE,), "Surat Anda siap diambil.")]
    [message] = messages(database)
    assert message.status == status and message.attempts == 1
    with Session(database) as session:
        preference = session.get(PhonePreference, PHONE)
        assert (preference is not None and preference.broadcasts is False) is opted_out
        assert (open_pause(session) is not None) is (answer == Outcome.STOP_ALL)


def test_a_held_message_is_not_offered_to_the_provider_again(app, database):
    provider = RecordingProvider(Outcome.STOP_ALL)
    services, message_id = sending_with(app, database, provider)
    send_message(services, message_id)
    assert send_message(services, message_id) == "nothing to do: held"
    assert len(provider.calls) == 1
