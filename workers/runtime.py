"""The worker process's dependencies, built once from the same Settings as the web app."""

from functools import cache

import redis
from rq import Queue
from sqlalchemy import Engine

from gateway.bootstrap import load_catalog
from gateway.db import make_engine
from gateway.sessions import SessionStore
from gateway.settings import Settings
from menus import Catalog, Texts
from menus.resources import default_texts

from .providers import SmsProvider, make_provider


@cache
def settings() -> Settings:
    """Return the validated settings of this worker process."""
    return Settings.from_env()


@cache
def database() -> Engine:
    """Return this worker process's database engine (jobs must not open their own)."""
    return make_engine(settings().database_url)


@cache
def connection() -> redis.Redis:
    return redis.Redis.from_url(settings().redis_url)


@cache
def queue() -> Queue:
    return Queue("default", connection=connection())


@cache
def sessions() -> SessionStore:
    """The USSD session store, to keep a phone's cached language in step with SMS choices."""
    return SessionStore(connection(), settings().secret_key, settings().session_resume_seconds)


@cache
def texts() -> Texts:
    return default_texts()


@cache
def catalog() -> Catalog:
    return load_catalog(settings().catalog_path, texts())


@cache
def provider() -> SmsProvider:
    return make_provider(settings())


def reset() -> None:
    """Forget everything built (tests change the environment between cases)."""
    for built in (settings, database, connection, queue, sessions, texts, catalog, provider):
        built.cache_clear()
