"""The jobs RQ runs, as gateway/jobs.py names them: each a line that calls the SMS or WhatsApp room
with the services the worker process built once at start (bind).

Each waits out a lost database or Redis (about 45 s, then RQ's retry or the sweep takes over): every
job may run again from the start, since a send claims its row and an answer is recorded once.
"""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from gateway.backoff import patiently
from gateway.errors import WorkerSetupError
from gateway.services import Services
from gateway.sms import batches, replies, sending
from gateway.store.phones import cache_language, preference_for
from gateway.store.privacy import apply_retention as erase_expired
from gateway.whatsapp import conversation
from gateway.whatsapp import sending as whatsapp_sending

_bound: list[Services] = []
PATIENCE = 45.0


def bind(services: Services) -> None:
    """Give this process's jobs their services; the worker calls it once, at start."""
    _bound[:] = [services]


def bound() -> Services:
    if not _bound:
        raise WorkerSetupError("no services bound: start workers with `python -m workers`")
    return _bound[0]


def send_message(message_id: int) -> str:
    return patiently(lambda: sending.send_message(bound(), message_id), f"SMS {message_id}", PATIENCE)


def answer_incoming(inbound_id: int) -> str:
    return patiently(lambda: replies.answer_incoming(bound(), inbound_id), f"incoming SMS {inbound_id}",
                     PATIENCE)


def send_batch(message_ids: list[int]) -> str:
    return patiently(lambda: batches.send_batch(bound(), message_ids), "a broadcast batch", PATIENCE)


def apply_retention() -> str:
    services = bound()
    return str(erase_expired(services.database, services.settings.section("privacy"), datetime.now(UTC)))


def send_whatsapp(message_id: int) -> str:
    return patiently(lambda: whatsapp_sending.send_whatsapp(bound(), message_id), "a WhatsApp message",
                     PATIENCE)


def answer_whatsapp(inbound_id: int) -> str:
    return patiently(lambda: conversation.answer_whatsapp(bound(), inbound_id), "a WhatsApp answer", PATIENCE)


def remember_language(phone: str, language: str) -> str:
    """No longer queued (a hop stores the language itself); kept so that jobs queued by older
    releases still run. Remove once no deployment can hold such a job."""
    services = bound()
    with Session(services.database) as session, session.begin():
        preference_for(session, phone).language = language
    cache_language(services.redis, services.phone_keys, phone, language)  # hops trust the cache
    return "remembered"
