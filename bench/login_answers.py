"""Measure how long each kind of failed log-in takes to answer, so a stranger cannot tell them apart
by time: a wrong password, a locked account, a deactivated one and an unknown name.

    .venv/bin/python bench/login_answers.py [--tries 30]

Each kind is tried in turn, round after round, so machine noise falls on all of them alike.
"""

import argparse
import re
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devstack.redis_server import EmbeddedRedis  # noqa: E402
from gateway import create_app  # noqa: E402
from gateway.bootstrap import read_settings  # noqa: E402
from gateway.services import services_of  # noqa: E402
from gateway.store.schema import upgrade  # noqa: E402
from gateway.store.staff import StaffUser, create_staff  # noqa: E402
from gateway.store.vault import new_data_key  # noqa: E402

PASSWORD = "correct horse battery"
KINDS = {"wrong password": ("petugas1", "not the password"), "locked account": ("locked1", PASSWORD),
         "deactivated account": ("retired1", PASSWORD), "unknown name": ("nobody99", PASSWORD)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tries", type=int, default=30)
    tries = parser.parse_args().tries
    server = EmbeddedRedis().start()
    folder = tempfile.mkdtemp(prefix="sapa-bench-")
    app = create_app(read_settings({
        "SAPA_ENV": "development", "REDIS_URL": server.url, "DATABASE_URL": f"sqlite:///{folder}/bench.db",
        "SECRET_KEY": secrets.token_urlsafe(32), "DATA_KEY": new_data_key(),
        "LOGIN_LIMIT": "100000 per minute"}))
    database = services_of(app).database
    upgrade(database)
    with Session(database) as db, db.begin():
        for name in ("petugas1", "locked1", "retired1"):
            create_staff(db, name, PASSWORD, "petugas")
    with Session(database) as db, db.begin():
        db.execute(update(StaffUser).where(StaffUser.username == "retired1").values(active=False))
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/login").text).group(1)
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(tries):
        with Session(database) as db, db.begin():  # keep "petugas1" below the lock, "locked1" locked
            db.execute(update(StaffUser).where(StaffUser.username == "petugas1").values(failed_logins=0))
            db.execute(update(StaffUser).where(StaffUser.username == "locked1").values(
                locked_until=datetime.now(UTC) + timedelta(hours=1)))
        for kind, (name, password) in KINDS.items():
            began = time.perf_counter()
            response = client.post("/staff/login", data={"username": name, "password": password,
                                                         "csrf_token": token})
            samples[kind].append((time.perf_counter() - began) * 1000)
            assert response.status_code == 401, (kind, response.status_code)
    print(f"Command: .venv/bin/python bench/login_answers.py --tries {tries}\n")
    print("| failed log-in | median ms | min ms | max ms |\n| --- | --- | --- | --- |")
    for kind, values in samples.items():
        print(f"| {kind} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")
    services_of(app).close()
    server.stop()


if __name__ == "__main__":
    main()
