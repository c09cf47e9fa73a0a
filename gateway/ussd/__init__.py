"""The USSD room: the provider's callbacks, one hop through the engine, and the phone simulators
(a page at /simulator, and `python -m gateway.ussd.dial` in a terminal)."""

from flask import Flask

from ..services import services_of
from ..web import csrf
from . import simulator, views


def init_app(app: Flask) -> None:
    """Serve /ussd and /ussd/events, and /simulator when SIMULATOR_ENABLED."""
    app.register_blueprint(views.bp)
    csrf.exempt(app, views.bp)  # the provider's callbacks carry a token, no console cookie
    if services_of(app).settings.simulator_enabled:
        app.register_blueprint(simulator.bp)
