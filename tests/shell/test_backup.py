"""`flask backup` copies the database while Sapa runs; `flask restore` puts the copy back, and what
changed after the copy is gone. The copy is private to its owner and never holds DATA_KEY."""

import stat

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.store.staff import StaffUser, create_staff


def usernames(database) -> list[str]:
    with Session(database) as session:
        return sorted(session.scalars(select(StaffUser.username)))


def test_a_copy_restored_brings_back_the_data_as_it_was(app, database, tmp_path, environ):
    with Session(database) as session, session.begin():
        create_staff(session, "lurah", "correct horse battery", "admin")
    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", "--to", str(tmp_path / "copies")])
    assert made.exit_code == 0, made.output
    [copy] = (tmp_path / "copies").iterdir()
    assert made.output.strip() == f"database copied to {copy}"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert environ["DATA_KEY"].encode() not in copy.read_bytes()

    with Session(database) as session, session.begin():  # work done after the copy
        session.delete(session.scalar(select(StaffUser)))
        create_staff(session, "petugas9", "correct horse battery", "petugas")
    assert usernames(database) == ["petugas9"]
    database.dispose()  # the server is stopped before a restore

    restored = runner.invoke(args=["restore", str(copy), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert usernames(database) == ["lurah"]


def test_restore_asks_first_and_refuses_a_missing_file(app, tmp_path):
    runner = app.test_cli_runner()
    asked = runner.invoke(args=["restore", str(tmp_path / "none.sqlite3")], input="n\n")
    assert asked.exit_code == 1 and "Replace everything" in asked.output
    missing = runner.invoke(args=["restore", str(tmp_path / "none.sqlite3"), "--yes"])
    assert missing.exit_code == 1 and "no such file" in missing.output
