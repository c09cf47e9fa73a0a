"""`make demo` fills a development database with practice applications, fake on their face, and two
training accounts; it refuses a database that has applications, and production."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from devstack import demo
from gateway.store.applications import Application, Resident
from gateway.store.database import make_engine
from gateway.store.messages import OutboundSms
from gateway.store.staff import LoginOutcome, authenticate
from gateway.store.vault import Vault
from menus.lifecycle import Status
from menus.nik import nik_problem


@pytest.fixture
def instance(tmp_path, monkeypatch):
    for name in ("SAPA_ENV", "DATABASE_URL", "SECRET_KEY", "DATA_KEY", "REDIS_URL", "CALLBACK_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SAPA_INSTANCE_DIR", str(tmp_path))
    return tmp_path


def test_demo_fills_three_months_of_every_status_with_fake_niks_and_two_accounts(instance, capsys):
    assert demo.main([]) == 0
    printed = capsys.readouterr().out
    engine = make_engine(f"sqlite:///{instance / 'sapa.db'}")
    vault = Vault((instance / "data_key").read_text().strip())
    with Session(engine) as db, db.begin():
        rows = db.scalars(select(Application)).all()
        assert len(rows) == 80 and {a.status for a in rows} == set(Status)
        assert {a.channel for a in rows} == {"ussd", "counter", "sms", "whatsapp"}
        oldest = min(a.created_at for a in rows)
        assert datetime.now(UTC) - timedelta(days=93) < oldest < datetime.now(UTC) - timedelta(days=60)
        niks = [vault.decrypt(r.nik_encrypted) for r in db.scalars(select(Resident))]
        assert all(nik_problem(nik) is None and nik[12:14] == "99" for nik in niks)
        assert db.scalar(select(func.count()).select_from(OutboundSms)) > 80
    accounts = re.findall(r"  (\S+) \(\w+\): (\S+)", printed)
    assert len(accounts) == 2
    for username, password in accounts:
        assert authenticate(engine, username, password, "127.0.0.1")[1] == LoginOutcome.OK
    engine.dispose()


def test_demo_refuses_a_database_with_applications_unless_forced(instance, capsys):
    assert demo.main(["--count", "5"]) == 0
    assert demo.main([]) == 3
    assert demo.main(["--force", "--count", "4"]) == 0
    assert "passwords unchanged" in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{instance / 'sapa.db'}")
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(Application)) == 9
    engine.dispose()


def test_demo_never_runs_in_production(instance, monkeypatch):
    monkeypatch.setenv("SAPA_ENV", "production")
    assert demo.main([]) == 2
    assert not (instance / "sapa.db").exists()
