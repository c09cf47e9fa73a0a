"""Liveness and readiness probes for the load balancer and the technician, and the callbacks'
OpenAPI description."""

from pathlib import Path

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import REDIS_DOWN
from ..services import current_services

bp = Blueprint("health", __name__)
OPENAPI = Path(__file__).with_name("openapi.yaml")


@bp.get("/healthz")
def alive():
    """Answer 200 while the process serves requests."""
    return {"status": "ok"}


@bp.get("/readyz")
def ready():
    """Answer 200 when Redis and the database both answer, 503 naming what does not."""
    services = current_services()
    checks = {}
    try:
        checks["redis"] = "ok" if services.redis.ping() else "no answer"
    except REDIS_DOWN as exc:
        checks["redis"] = f"unreachable: {type(exc).__name__}"
    try:
        with services.database.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return {"status": "ok" if healthy else "unavailable", "checks": checks}, 200 if healthy else 503


@bp.get("/openapi.yaml")
def openapi():
    """The OpenAPI description of the provider callbacks, for aggregators and for schemathesis."""
    return OPENAPI.read_bytes(), 200, {"Content-Type": "application/yaml"}
