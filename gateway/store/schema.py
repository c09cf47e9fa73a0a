"""Bring the database schema up to date with the Alembic migrations in migrations/."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

# Every table module, so Base.metadata describes the whole schema (migrations compare against it).
from . import applications, chats, inbox, messages, phones, privacy, staff, ussd_ends  # noqa: F401
from .database import Base

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
metadata = Base.metadata


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to `revision` on the engine's database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
