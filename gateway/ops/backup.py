"""Copy the database to a file while Sapa runs, and put such a copy back.

SQLite: the online backup API (a consistent copy while web and worker write). PostgreSQL: pg_dump's
custom format, restored with pg_restore. A copy holds personal data (names, phones, NIK encrypted
with DATA_KEY): it is written readable by its owner only. DATA_KEY is never in it: keep the key
apart from the copies, or a stolen copy can be read, and a lost key makes every copy's NIKs unreadable.
"""

import os
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    """A copy could not be made or put back; the message says why."""


def backup(database_url: str, folder: Path, now: datetime | None = None) -> Path:
    """Write a copy of the database into `folder`; return its path."""
    url = make_url(database_url)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=True)
    sqlite = url.get_backend_name() == "sqlite"
    target = folder / f"sapa-{stamp}.{'sqlite3' if sqlite else 'pgdump'}"
    partial = target.with_suffix(target.suffix + ".partial")
    partial.touch(mode=0o600)
    try:
        if sqlite:
            _copy_sqlite(Path(url.database), partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", _libpq(url)], url)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)  # a copy is either whole or absent
    return target


def restore(database_url: str, copy: Path) -> None:
    """Replace the database's contents with a copy made by backup()."""
    if not copy.is_file():
        raise BackupError(f"{copy}: no such file")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _copy_sqlite(copy, Path(url.database))
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq(url)}", str(copy)], url)


def _copy_sqlite(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"{source}: no such database file")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _libpq(url: URL) -> str:
    """The URL pg_dump understands, without the password (it goes in PGPASSWORD, not on a command line)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], url: URL) -> None:
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} not found: install the PostgreSQL client tools") from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")
