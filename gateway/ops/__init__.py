"""The operations room: health probes for the load balancer, and the technician's commands."""

from flask import Flask

from . import cli, health, privacy


def init_app(app: Flask) -> None:
    """Serve /healthz and /readyz, and add `flask db`, `flask catalog`, `flask privacy` and `flask keys`."""
    app.register_blueprint(health.bp)
    app.cli.add_command(cli.db)
    app.cli.add_command(cli.catalog)
    app.cli.add_command(privacy.privacy)
    app.cli.add_command(privacy.keys)
