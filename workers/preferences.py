"""A phone's preferences in the database: its language and broadcast consent."""

from sqlalchemy.orm import Session

from gateway.models import PhonePreference
from menus.catalog import DEFAULT_LANGUAGE

from . import runtime


def remember_language(phone: str, language: str) -> None:
    """Store the language a phone chose; running it twice leaves the same row.

    No longer queued (the hop writes the language itself); kept so that jobs queued before that
    change still run. Remove it once no deployment can hold such a job.
    """
    with Session(runtime.database()) as session, session.begin():
        preference_for(session, phone).language = language


def preference_for(session: Session, phone: str) -> PhonePreference:
    """Return the phone's row, adding one with the defaults when it has none."""
    preference = session.get(PhonePreference, phone)
    if preference is None:
        preference = PhonePreference(phone=phone, language=DEFAULT_LANGUAGE)
        session.add(preference)
    return preference


def opted_out(session: Session, phone: str) -> bool:
    """True when the phone sent STOP (and not START since)."""
    preference = session.get(PhonePreference, phone)
    return preference is not None and preference.broadcasts is False


def set_broadcasts(session: Session, phone: str, on: bool) -> None:
    preference_for(session, phone).broadcasts = on
