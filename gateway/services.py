"""The services every room uses, built once by gateway/bootstrap.py, and the one typed way a view
reaches them. Below the views, functions take what they need as parameters."""

from dataclasses import dataclass, field

import redis
from flask import Flask, current_app
from sqlalchemy import Engine

from menus import Catalog, Texts
from menus.memo import ScreenMemo

from .jobs import Jobs
from .limits import Counters
from .providers import ChatProvider, SmsProvider
from .settings import Settings
from .store.catalog import CatalogSource
from .store.login_throttle import LoginThrottle
from .store.logins import Logins
from .store.phones import PhoneKeys
from .store.sessions import SessionStore
from .store.vault import Vault

EXTENSION = "sapa"


@dataclass(frozen=True)
class Services:
    """Settings, Redis, the queue, the database, the catalog and texts, the vault, the SMS provider,
    the console's log-ins and their per-address limit, and the WhatsApp sender (None when WhatsApp
    is not configured).

    `catalog` is read afresh at each use: it is the newest published version (see `catalogs`).
    """

    settings: Settings
    redis: redis.Redis
    jobs: Jobs
    sessions: SessionStore
    phone_keys: PhoneKeys
    database: Engine
    catalogs: CatalogSource
    texts: Texts
    vault: Vault
    provider: SmsProvider
    counters: Counters
    logins: Logins  # live console sessions (the session data itself is Flask-Session's)
    login_throttle: LoginThrottle  # failed log-ins per address (LOGIN_LIMIT)
    whatsapp: ChatProvider | None = None
    screens: ScreenMemo = field(default_factory=ScreenMemo)  # catalog-only screens, built once

    @property
    def catalog(self) -> Catalog:
        """The catalog in force, swapped for a newer published version within about a second."""
        return self.catalogs.current()

    def close(self) -> None:
        self.redis.close()
        self.database.dispose()


def services_of(app: Flask) -> Services:
    """The services built for this app (at start, outside a request)."""
    return app.extensions[EXTENSION]


def current_services() -> Services:
    """The services of the app handling this request."""
    return services_of(current_app)
