"""Databases in the states a server meets: read-only, deleted under it, behind on migrations."""

from pathlib import Path

from sqlalchemy.engine import make_url

from gateway.store.database import make_engine
from gateway.store.schema import upgrade


def read_only(url: str) -> str:
    """The same database, opened so that it cannot be written (as a full disk or a read-only mount,
    or a standby PostgreSQL, would leave it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///file:{parsed.database}?mode=ro&uri=true"
    return parsed.update_query_dict({"options": "-c default_transaction_read_only=on"}).render_as_string(
        hide_password=False)


def migrated_sqlite(folder: Path, revision: str = "head") -> str:
    """A fresh SQLite file in `folder`, migrated up to `revision`; return its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'sapa.db'}"
    engine = make_engine(url)
    upgrade(engine, revision)
    engine.dispose()
    return url
