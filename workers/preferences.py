"""Jobs that keep a phone's preferences durable in the database."""

from sqlalchemy.orm import Session

from gateway.models import PhonePreference

from . import runtime


def remember_language(phone: str, language: str) -> None:
    """Store the language a phone chose; running it twice leaves the same row."""
    with Session(runtime.database()) as session, session.begin():
        row = session.get(PhonePreference, phone)
        if row is None:
            session.add(PhonePreference(phone=phone, language=language))
        else:
            row.language = language
