"""Build every dependency once, from one Settings object: the only place that connects.

The web app (create_app) and the worker (python -m workers) both start here.
"""

from collections.abc import Mapping

import redis
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.retry import Retry
from rq import Queue

from menus import CatalogError
from menus.resources import default_catalog, default_texts

from . import limits
from .jobs import Jobs
from .services import Services
from .settings import SectionReader, Settings
from .sms import providers
from .store import privacy
from .store.catalog import CatalogSource
from .store.database import make_engine
from .store.login_throttle import LoginThrottle
from .store.logins import Logins
from .store.packing import Packer
from .store.phones import PhoneKeys
from .store.sessions import SessionStore
from .store.vault import Vault
from .ussd import config as ussd_config
from .web import config as console_config
from .whatsapp import config as whatsapp_config
from .whatsapp import graph

# Each room that has settings of its own reads them here, so one message names every problem.
SECTIONS: dict[str, SectionReader] = {"sms": providers.read_section, "ussd": ussd_config.read_section,
                                      "limits": limits.read_section, "whatsapp": whatsapp_config.read_section,
                                      "console": console_config.read_section, "privacy": privacy.read_section}
# A worker waits a lost Redis out (about a minute, doubling waits up to 8 s) instead of failing the
# job or quitting; workers/worker.py starts its loop again should Redis stay away even longer.
PATIENT_TRIES = 12


def read_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the whole configuration (the process environment when not given)."""
    return Settings.from_env(environ, SECTIONS)


def bootstrap(settings: Settings, patient: bool = False) -> Services:
    """Build and validate everything. Connections made: one question to Redis, which may fail
    (clients connect again on first use), and the catalog in force read from SQL (the file's when
    SQL cannot be read yet). `patient` (workers) waits a lost Redis out."""
    # A USSD hop has ~10 s; the web fails fast when Redis is down so the resident gets a polite screen.
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=1,
                                  retry=(Retry(ExponentialBackoff(cap=8, base=0.5), PATIENT_TRIES) if patient
                                         else Retry(NoBackoff(), 1)))
    texts = default_texts()
    vault = Vault(settings.data_key, settings.data_key_old)
    queue = Queue("default", connection=client)
    keys = PhoneKeys(settings.secret_key)
    counters = limits.Counters(client, keys, settings.section("limits"), settings.timezone)
    try:
        # RQ asks once per Queue, on its first enqueue; the counters load a script: now, not in a hop.
        queue.get_redis_server_version()
        counters.prepare()
    except redis.RedisError:
        pass  # Redis is down at start: the first use asks instead, and the app still starts
    whatsapp = settings.sections.get("whatsapp")  # None: WhatsApp is off
    database = make_engine(settings.database_url)
    try:
        catalogs = CatalogSource(database, client, texts, settings.catalog_path).start()
    except CatalogError:  # a seed file that fails its checks: say so, leaving no connection open
        database.dispose()
        client.close()
        raise
    # The session packer's dictionary is the catalog shipped with this release, not the one in
    # force: every process of a release must read every other's sessions, whenever it started.
    sessions = SessionStore(client, keys, settings.session_resume_seconds,
                            Packer(vault, default_catalog(), texts))
    console = settings.section("console")
    return Services(
        settings=settings, redis=client, jobs=Jobs(queue, settings.sms_retry_seconds),
        sessions=sessions, phone_keys=keys, database=database, catalogs=catalogs, texts=texts, vault=vault,
        provider=providers.build(settings.section("sms"), client),
        counters=counters, whatsapp=graph.build(whatsapp) if whatsapp else None,
        logins=Logins(client, console.idle_seconds, console.max_seconds),
        login_throttle=LoginThrottle(client.connection_pool, console.login_limit),
    )
