"""Fixtures on real services: Redis (the machine's or an embedded one) and SQLite or PostgreSQL.

REDIS_URL set: tests use database TEST_REDIS_DB (default 15) on that server and refuse to run when
it holds data. Unset: an embedded redis-server is started for the run.
TEST_DATABASE_URL set (CI sets PostgreSQL): tests use it; unset: a fresh SQLite file.

Apps are built from settings, never from the process environment; a worker is given the services
of the app under test, as `python -m workers` is given its own at start.
"""

import logging
import os
import secrets
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest
import redis
from sqlalchemy import inspect, text

from devstack.redis_server import EmbeddedRedis
from gateway import create_app
from gateway.bootstrap import read_settings
from gateway.services import services_of
from gateway.store.database import Base, make_engine
from gateway.store.schema import upgrade
from gateway.store.vault import new_data_key
from tests.support import case_count, logscan
from tests.support.servers import serving
from workers.worker import SapaSimpleWorker, make_worker

SUITE_LOG = Path(tempfile.mkdtemp(prefix="sapa-test-log-")) / "suite.log"


def pytest_configure(config):
    """Keep every log line at INFO and above (what a deployment logs) in one file for the scan."""
    handler = logging.FileHandler(SUITE_LOG, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)


def pytest_terminal_summary(terminalreporter):
    if case_count.cases:
        terminalreporter.write_line(f"schemathesis: {case_count.cases} generated callback requests checked")


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when anything logged holds a NIK, a full phone number or a secret."""
    found = logscan.scan(SUITE_LOG)
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"personal data or secrets in the logs ({len(found)}):", red=True)
        for line in found[:50]:
            reporter.write_line(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
def make_app(redis_client, database):
    """Build apps from an environment; each is closed after the test."""
    made = []

    def build(environ: dict):
        logscan.remember_secrets(environ)
        made.append(create_app(read_settings(environ)))
        return made[-1]

    yield build
    for app in made:
        services_of(app).close()


@pytest.fixture
def app(environ, make_app):
    return make_app(environ)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def unreachable_database_url(tmp_path):
    """A database URL whose folder does not exist, so every connection fails."""
    return f"sqlite:///{tmp_path}/no-such-folder/sapa.db"


@pytest.fixture
def app_with(environ, make_app):
    """Build apps with some settings changed."""
    return lambda **overrides: make_app({**environ, **overrides})


@pytest.fixture
def serve_app():
    """Serve Flask apps over real HTTP on free local ports; call it with an app, get its base URL."""
    with ExitStack() as running:
        yield lambda app: running.enter_context(serving(app))


@pytest.fixture
def stand_in():
    """The provider's SMS API, served locally."""
    from tests.support.provider_stand_in import ProviderStandIn
    with ProviderStandIn() as server:
        yield server


@pytest.fixture
def sms_environ(environ, stand_in):
    """The test environment, sending through the real SDK to the stand-in, retrying at once."""
    return {**environ, "SMS_PROVIDER": "africastalking", "AT_USERNAME": stand_in.username,
            "AT_API_KEY": stand_in.api_key, "AT_API_BASE_URL": stand_in.url,
            "SMS_RETRY_SECONDS": "0,0,0,0,0", "QUIET_HOURS": "off"}


@pytest.fixture
def sms_app_with(sms_environ, make_app):
    """Build apps that send through the stand-in, with some settings changed."""
    return lambda **overrides: make_app({**sms_environ, **overrides})


@pytest.fixture
def sms_app(sms_app_with):
    return sms_app_with()


@pytest.fixture
def run_worker(request, redis_client):
    """Run a real RQ worker until the queue is empty, with the services of `app` (sms_app when not
    given). It runs jobs in this process, without a fork, so the database stays this process's."""

    def run(app=None):
        services = services_of(app or request.getfixturevalue("sms_app"))
        make_worker(services, SapaSimpleWorker).work(burst=True)

    return run
