"""The operations room: health probes for the load balancer, and the technician's commands."""

from flask import Flask

from . import cli, health, metrics, privacy


def init_app(app: Flask) -> None:
    """Serve /healthz, /readyz and /metrics; add `flask db`, `catalog` (check, publish, export),
    `backup`, `restore`, `privacy` and `keys`."""
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    app.cli.add_command(cli.db)
    app.cli.add_command(cli.catalog)
    app.cli.add_command(cli.backup_command)
    app.cli.add_command(cli.restore_command)
    app.cli.add_command(privacy.privacy)
    app.cli.add_command(privacy.keys)
