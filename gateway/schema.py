"""Bring the database schema up to date with the Alembic migrations in migrations/."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from . import models, records  # noqa: F401  (every table on Base.metadata, for migrations)

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to `revision` on the engine's database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
