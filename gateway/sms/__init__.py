"""The SMS room: the provider's callbacks, answering keywords, sending with retries and pauses,
broadcast batches, delivery reports, the sweep, quiet hours, `flask sms`, and the providers."""

from flask import Flask

from ..web import csrf
from . import cli, views


def init_app(app: Flask) -> None:
    """Serve /sms/incoming and /sms/delivery, and add the `flask sms` commands."""
    app.register_blueprint(views.bp)
    csrf.exempt(app, views.bp)  # the provider's callbacks carry a token, no console cookie
    app.cli.add_command(cli.sms)
