"""Liveness and readiness probes for the load balancer and the technician, and the callbacks'
OpenAPI description."""

from pathlib import Path

from flask import Blueprint

from ..services import current_services
from .readiness import OK, check_database, check_redis, check_workers

bp = Blueprint("health", __name__)
OPENAPI = Path(__file__).with_name("openapi.yaml")


@bp.get("/healthz")
def alive():
    """Answer 200 while the process serves requests."""
    return {"status": "ok"}


@bp.get("/readyz")
def ready():
    """Answer 200 when everything a hop or a send needs is there, else 503 naming what is not."""
    services = current_services()
    checks = {"redis": check_redis(services), **check_database(services), "workers": check_workers(services)}
    healthy = all(value == OK for value in checks.values())
    return {"status": "ok" if healthy else "unavailable", "checks": checks}, 200 if healthy else 503


@bp.get("/openapi.yaml")
def openapi():
    """The OpenAPI description of the provider callbacks, for aggregators and for schemathesis."""
    return OPENAPI.read_bytes(), 200, {"Content-Type": "application/yaml"}
