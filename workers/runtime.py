"""The worker process's dependencies, built once from the same Settings as the web app."""

from functools import cache

from sqlalchemy import Engine

from gateway.db import make_engine
from gateway.settings import Settings


@cache
def settings() -> Settings:
    """Return the validated settings of this worker process."""
    return Settings.from_env()


@cache
def database() -> Engine:
    """Return this worker process's database engine (jobs must not open their own)."""
    return make_engine(settings().database_url)
