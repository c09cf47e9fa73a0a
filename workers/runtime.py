"""The worker process's dependencies: the same bootstrap as the web app, built once per process."""

from functools import cache

import redis
from rq import Queue
from sqlalchemy import Engine

from gateway.bootstrap import Services, bootstrap
from gateway.sessions import SessionStore
from gateway.settings import Settings
from menus import Catalog, Texts

from .providers import SmsProvider, make_provider


@cache
def settings() -> Settings:
    """Return the validated settings of this worker process."""
    return Settings.from_env()


@cache
def services() -> Services:
    """Return everything bootstrap builds, from this process's settings."""
    return bootstrap(settings())


def database() -> Engine:
    return services().database


def connection() -> redis.Redis:
    return services().redis


def queue() -> Queue:
    return services().queue


def sessions() -> SessionStore:
    """The USSD session store, to keep a phone's cached language in step with SMS choices."""
    return services().sessions


def texts() -> Texts:
    return services().texts


def catalog() -> Catalog:
    return services().catalog


@cache
def provider() -> SmsProvider:
    return make_provider(settings())


def reset() -> None:
    """Forget everything built (tests change the environment between cases)."""
    if services.cache_info().currsize:
        services().close()
    for built in (settings, services, provider):
        built.cache_clear()
