"""The USSD room: the provider's callbacks (hops answered ahead of Flask), one hop through the
engine, and the phone simulators (a page at /simulator, and `python -m gateway.ussd.dial`)."""

from flask import Flask

from ..services import services_of
from ..web import csrf
from . import simulator, views
from .fast_path import UssdFastPath


def init_app(app: Flask) -> None:
    """Serve /ussd (most hops straight from WSGI, see fast_path.py) and /ussd/events, and /simulator
    when SIMULATOR_ENABLED."""
    app.register_blueprint(views.bp)
    csrf.exempt(app, views.bp)  # the provider's callbacks carry a token, no console cookie
    app.wsgi_app = UssdFastPath(app.wsgi_app, services_of(app), app.config["MAX_CONTENT_LENGTH"])
    if services_of(app).settings.simulator_enabled:
        app.register_blueprint(simulator.bp)
