"""Fixtures on real services: Redis (the machine's or an embedded one) and SQLite or PostgreSQL.

REDIS_URL set: tests use database TEST_REDIS_DB (default 15) on that server and refuse to run when
it holds data. Unset: an embedded redis-server is started for the run.
TEST_DATABASE_URL set (CI sets PostgreSQL): tests use it; unset: a fresh SQLite file.
"""

import os
import secrets

import pytest
import redis
from sqlalchemy import inspect, text

from devstack.redis_server import EmbeddedRedis
from gateway import create_app
from gateway.db import Base, make_engine
from gateway.schema import upgrade
from gateway.settings import Settings
from gateway.vault import new_data_key


@pytest.fixture(scope="session")
def redis_url():
    if os.environ.get("REDIS_URL"):
        base = redis.Redis.from_url(os.environ["REDIS_URL"])
        db = int(os.environ.get("TEST_REDIS_DB", "15"))
        kwargs = base.connection_pool.connection_kwargs
        url = (f"unix://{kwargs['path']}?db={db}" if "path" in kwargs
               else f"redis://{kwargs.get('host', '127.0.0.1')}:{kwargs.get('port', 6379)}/{db}")
        if redis.Redis.from_url(url).dbsize():
            pytest.exit(f"Redis database {db} at {url} holds data; tests flush it, so they refuse to "
                        "run there. Point TEST_REDIS_DB at an empty database.", returncode=3)
        yield url
        return
    server = EmbeddedRedis().start()
    yield server.url
    server.stop()


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db')}/sapa.db"
    engine = make_engine(url)
    with engine.begin() as connection:  # start from an empty schema, even on a reused PostgreSQL
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def database(database_url):
    engine = make_engine(database_url)
    yield engine
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if inspect(connection).has_table(table.name):
                connection.execute(table.delete())
    engine.dispose()


@pytest.fixture
def environ(redis_url, database_url):
    """A valid development environment pointing at the test services."""
    return {"SAPA_ENV": "development", "REDIS_URL": redis_url, "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(32), "SMS_PROVIDER": "console", "DATA_KEY": new_data_key()}


@pytest.fixture
def app(environ, redis_client, database):
    app = create_app(Settings.from_env(environ))
    yield app
    app.extensions["sapa"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def unreachable_database_url(tmp_path):
    """A database URL whose folder does not exist, so every connection fails."""
    return f"sqlite:///{tmp_path}/no-such-folder/sapa.db"


@pytest.fixture
def app_with(environ, redis_client, database):
    """Build apps with some settings changed; each is closed after the test."""
    made = []

    def build(**overrides):
        made.append(create_app(Settings.from_env({**environ, **overrides})))
        return made[-1]

    yield build
    for app in made:
        app.extensions["sapa"].close()


@pytest.fixture
def stand_in():
    """The provider's SMS API, served locally."""
    from tests.provider_stand_in import ProviderStandIn
    with ProviderStandIn() as server:
        yield server


@pytest.fixture
def sms_environ(environ, stand_in):
    """The test environment, sending through the real SDK to the stand-in, retrying at once."""
    return {**environ, "SMS_PROVIDER": "africastalking", "AT_USERNAME": stand_in.username,
            "AT_API_KEY": stand_in.api_key, "AT_API_BASE_URL": stand_in.url,
            "SMS_RETRY_SECONDS": "0,0,0,0,0", "QUIET_HOURS": "off"}


@pytest.fixture
def worker_env(monkeypatch, sms_environ):
    """Give jobs run in this process the same environment as the app under test."""
    from workers import runtime
    for name, value in sms_environ.items():
        monkeypatch.setenv(name, value)
    runtime.reset()
    yield sms_environ
    runtime.reset()


@pytest.fixture
def sms_app(sms_environ, worker_env, redis_client, database):
    app = create_app(Settings.from_env(sms_environ))
    yield app
    app.extensions["sapa"].close()


@pytest.fixture
def run_worker(redis_client):
    """Run a real RQ worker until the queue is empty (SimpleWorker: no fork, so the process's
    database connections stay its own)."""
    from rq import Queue, SimpleWorker

    def run():
        queue = Queue("default", connection=redis_client)
        SimpleWorker([queue], connection=redis_client).work(burst=True)

    return run
