"""Build every dependency once, from one Settings object: the only place that connects."""

from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue
from sqlalchemy import Engine

from menus import Catalog, CatalogError, Texts, parse_catalog
from menus.limits import sms_problems
from menus.resources import default_texts

from .db import make_engine
from .sessions import SessionStore
from .settings import Settings
from .vault import Vault


@dataclass(frozen=True)
class Services:
    """What views and commands use: settings, Redis, the queue, the database and the catalog."""

    settings: Settings
    redis: redis.Redis
    queue: Queue
    sessions: SessionStore
    database: Engine
    catalog: Catalog
    texts: Texts
    vault: Vault

    def close(self) -> None:
        self.redis.close()
        self.database.dispose()


def bootstrap(settings: Settings) -> Services:
    """Build and validate everything; the only connection made is one question to Redis, which may
    fail (clients connect again on first use)."""
    # A USSD hop has ~10 s; fail fast when Redis is down so the resident gets a polite screen.
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=1,
                                  retry=Retry(NoBackoff(), 1))
    texts = default_texts()
    catalog = load_catalog(settings.catalog_path, texts)
    vault = Vault(settings.data_key)
    queue = Queue("default", connection=client)
    try:
        # RQ asks once per Queue, on its first enqueue: ask now, not in a resident's hop.
        queue.get_redis_server_version()
    except redis.RedisError:
        pass  # Redis is down at start: the first enqueue asks instead, and the app still starts
    return Services(
        settings=settings, redis=client, queue=queue,
        sessions=SessionStore(client, settings.secret_key, settings.session_resume_seconds, vault),
        database=make_engine(settings.database_url), catalog=catalog, texts=texts, vault=vault,
    )


def load_catalog(path: Path, texts: Texts) -> Catalog:
    """Read and validate a catalog file and every SMS it produces; CatalogError names the file,
    the service and the field."""
    catalog = parse_catalog(path.read_text(encoding="utf-8"), str(path))
    problems = sms_problems(catalog, texts)
    if problems:
        raise CatalogError(str(path), problems)
    return catalog
