"""The WhatsApp room: Meta's webhook (verification and signed events), answering messages with the
same engine and catalog as USSD and SMS, sending through the Graph API with the 24-hour rule and an
SMS fallback, status reports, the sweep, and the chat beside the phone simulator."""

from flask import Flask

from ..services import services_of
from ..web import csrf
from . import simulator, views


def init_app(app: Flask) -> None:
    """Serve /whatsapp, and the simulator's chat endpoints when SIMULATOR_ENABLED."""
    app.register_blueprint(views.bp)
    csrf.exempt(app, views.bp)  # Meta's webhook proves itself with its signature, not a console cookie
    if services_of(app).settings.simulator_enabled:
        app.register_blueprint(simulator.bp)
