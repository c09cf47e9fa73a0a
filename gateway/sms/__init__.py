"""The SMS room: the provider's callbacks, answering keywords, sending with retries and pauses,
broadcast batches, delivery reports, the sweep, quiet hours, `flask sms`, and the providers."""

from flask import Flask

from ..web import csrf
from . import cli, views


def init_app(app: Flask) -> None:
    """Serve /sms/incoming, /sms/delivery and /sms/android, and add the `flask sms` commands."""
    for bp in views.blueprints:
        app.register_blueprint(bp)
        csrf.exempt(app, bp)  # the providers' callbacks carry a token or signature, no console cookie
    app.cli.add_command(cli.sms)
