"""Read a phone's remembered language from the database when Redis has forgotten it."""

import logging

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from .models import PhonePreference

log = logging.getLogger(__name__)


def stored_language(database: Engine, phone: str) -> str | None:
    """Return the phone's language, or None when unknown or the database is unreachable."""
    try:
        with database.connect() as connection:
            return connection.scalar(
                select(PhonePreference.language).where(PhonePreference.phone == phone))
    except SQLAlchemyError:
        # The menu still works in the default language; the worker writes the choice later.
        log.warning("database unreachable; using the default language for this session")
        return None
