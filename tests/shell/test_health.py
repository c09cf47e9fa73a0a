"""/healthz says the process is alive; /readyz that a hop or a send would find everything it needs,
and names each thing that is missing: Redis, a writable database, the current schema, a live worker,
sending not paused."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from gateway.store.messages import SendingPause
from gateway.store.schema import head_revisions
from tests.support.databases import migrated_sqlite, read_only
from tests.support.workers import with_live_worker

ALL_OK = {"redis": "ok", "database": "ok", "schema": "ok", "workers": "ok", "sending": "ok"}


def readiness(app) -> tuple[int, dict]:
    response = app.test_client().get("/readyz")
    return response.status_code, response.json["checks"]


def test_healthz_is_ok(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz_is_ok_when_everything_is_there(app):
    assert readiness(with_live_worker(app)) == (200, ALL_OK)


def test_readyz_names_redis_when_it_is_unreachable(app_with):
    status, checks = readiness(app_with(REDIS_URL="redis://127.0.0.1:1/0"))
    assert status == 503
    assert checks["redis"].startswith("unreachable") and checks["workers"].startswith("unknown")
    assert checks["database"] == "ok"


def test_readyz_names_the_database_when_it_is_unreachable(app_with, unreachable_database_url):
    status, checks = with_live_worker_status(app_with(DATABASE_URL=unreachable_database_url))
    assert status == 503
    assert checks["database"].startswith("cannot write") and checks["redis"] == "ok"


def test_readyz_names_the_database_when_it_can_be_read_but_not_written(app_with, database_url):
    status, checks = with_live_worker_status(app_with(DATABASE_URL=read_only(database_url)))
    assert status == 503
    assert checks["database"].startswith("cannot write") and "read" in checks["database"].lower()


def test_readyz_names_the_database_when_its_file_was_deleted(app_with, tmp_path):
    app = with_live_worker(app_with(DATABASE_URL=migrated_sqlite(tmp_path / "db")))
    assert readiness(app) == (200, ALL_OK)
    Path(tmp_path / "db" / "sapa.db").unlink()
    status, checks = readiness(app)
    assert status == 503 and "removed" in checks["database"]
    assert not (tmp_path / "db" / "sapa.db").exists()  # and it did not make an empty one


def test_readyz_names_a_schema_behind_the_migrations(app_with, tmp_path):
    app = with_live_worker(app_with(DATABASE_URL=migrated_sqlite(tmp_path / "db", "0005")))
    status, checks = readiness(app)
    assert status == 503
    assert checks["schema"].startswith(f"not current: at 0005, newest is {head_revisions()[0]}")
    assert checks["database"] == "ok"


@pytest.mark.parametrize("heartbeat_seconds_ago", [None, 120])
def test_readyz_says_when_no_worker_is_alive(app, heartbeat_seconds_ago):
    if heartbeat_seconds_ago is not None:  # one that stopped beating two minutes ago is dead
        with_live_worker(app, heartbeat_seconds_ago)
    status, checks = readiness(app)
    assert status == 503 and checks["workers"].startswith("no live worker")


def test_readyz_says_when_sending_is_paused(app, database):
    with Session(database) as session, session.begin():
        session.add(SendingPause(reason="405 InsufficientBalance: top up the provider account"))
    status, checks = readiness(with_live_worker(app))
    assert status == 503
    assert checks["sending"].startswith("paused: 405 InsufficientBalance")
    assert {k: v for k, v in checks.items() if k != "sending"} == {k: "ok" for k in ALL_OK if k != "sending"}


def with_live_worker_status(app) -> tuple[int, dict]:
    return readiness(with_live_worker(app))
