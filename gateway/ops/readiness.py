"""What /readyz checks: that each thing a hop or a send needs is there, each named with what is wrong.

Redis answers; the database takes a write (an update rolled back, not a SELECT 1: a read-only or
deleted database answers reads); its schema is at the newest migration; a worker has sent a
heartbeat lately; sending is not paused.
"""

from datetime import UTC, datetime, timedelta

from rq import Worker
from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..errors import REDIS_DOWN
from ..services import Services
from ..store.messages import open_pause
from ..store.schema import current_revisions, head_revisions

OK = "ok"
# Workers beat every 10 s while idle and every 5 s while a job runs (workers/worker.py).
WORKER_SILENT_AFTER = timedelta(seconds=45)


def check_redis(services: Services) -> str:
    try:
        return OK if services.redis.ping() else "no answer"
    except REDIS_DOWN as exc:
        return f"unreachable: {type(exc).__name__}"


def check_database(services: Services) -> dict[str, str]:
    """The database, its schema and the sending pause, in one rolled-back transaction."""
    try:
        with services.database.connect() as connection, connection.begin() as transaction:
            current = current_revisions(connection)
            schema = OK if current == head_revisions() else (
                f"not current: at {', '.join(current) or 'nothing'}, newest is {', '.join(head_revisions())}"
                "; run: flask --app gateway db upgrade")
            paused = _pause(connection) if current else ""
            if current:  # a write that changes nothing, undone: refused when read-only or gone
                connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
            database = OK if current else "not written: no schema"
            transaction.rollback()
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0][:120]
        unknown = "unknown: the database cannot be read"
        return {"database": f"cannot write: {type(exc).__name__}: {reason}", "schema": unknown,
                "sending": unknown}
    sending = f"paused: {paused}; after topping up: flask --app gateway sms resume" if paused else OK
    return {"database": database, "schema": schema, "sending": sending}


def check_workers(services: Services) -> str:
    try:
        live = live_workers(services)
    except REDIS_DOWN as exc:
        return f"unknown: Redis unreachable ({type(exc).__name__})"
    return OK if live else "no live worker: start one (python -m workers)"


def live_workers(services: Services) -> int:
    """How many workers sent a heartbeat within WORKER_SILENT_AFTER."""
    oldest = datetime.now(UTC) - WORKER_SILENT_AFTER
    return sum(1 for w in Worker.all(connection=services.redis)
               if w.last_heartbeat and _aware(w.last_heartbeat) > oldest)


def _pause(connection: Connection) -> str:
    """Why sending is paused, or "" when it is not."""
    with Session(bind=connection) as session:
        pause = open_pause(session)
        return pause.reason if pause else ""


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
