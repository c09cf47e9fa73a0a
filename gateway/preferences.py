"""Read a phone's remembered language from the database when Redis has forgotten it."""

import logging

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from menus.catalog import DEFAULT_LANGUAGE

from .models import PhonePreference

log = logging.getLogger(__name__)


def stored_language(database: Engine, phone: str) -> str | None:
    """Return the phone's language (the default when it never chose), or None when the database
    is unreachable, so that the caller caches only answers it can trust."""
    try:
        with database.connect() as connection:
            language = connection.scalar(
                select(PhonePreference.language).where(PhonePreference.phone == phone))
            return language or DEFAULT_LANGUAGE
    except SQLAlchemyError:
        # The menu still works in the default language; nothing is cached, so the next dial asks again.
        log.warning("database unreachable; using the default language for this session")
        return None
