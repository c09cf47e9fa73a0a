"""Bring the database schema up to date with the Alembic migrations in migrations/."""

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

# Every table module, so Base.metadata describes the whole schema (migrations compare against it).
from . import applications, chats, inbox, messages, phones, privacy, staff, ussd_ends  # noqa: F401
from .catalog import versions  # noqa: F401
from .database import Base

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
metadata = Base.metadata


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revisions() -> tuple[str, ...]:
    """The newest revision(s) in migrations/: what a current schema is at."""
    return tuple(ScriptDirectory.from_config(_config()).get_heads())


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revision(s) the database says it is at; empty when it was never migrated."""
    return tuple(MigrationContext.configure(connection).get_current_heads())


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to `revision` on the engine's database."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
