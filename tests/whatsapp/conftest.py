"""WhatsApp fixtures: Meta's Graph API stand-in, an app configured for it (SMS through the SMS
stand-in, for the fallback), and a resident who writes and reads through the real endpoint."""

import pytest

from gateway.services import services_of
from tests.support import whatsapp as wa
from tests.support.graph_stand_in import GraphStandIn


@pytest.fixture
def graph():
    with GraphStandIn() as server:
        yield server


@pytest.fixture
def wa_environ(sms_environ, graph):
    return {**sms_environ, "WHATSAPP_TOKEN": graph.token, "WHATSAPP_PHONE_NUMBER_ID": graph.phone_number_id,
            "WHATSAPP_APP_SECRET": wa.APP_SECRET, "WHATSAPP_VERIFY_TOKEN": wa.VERIFY_TOKEN,
            "WHATSAPP_API_BASE_URL": graph.url, "WHATSAPP_API_VERSION": graph.version,
            "WHATSAPP_TEMPLATE_STATUS": "sapa_status"}


@pytest.fixture
def wa_app_with(wa_environ, make_app):
    return lambda **overrides: make_app({**wa_environ, **overrides})


@pytest.fixture
def wa_app(wa_app_with):
    return wa_app_with()


class Resident:
    """A resident on WhatsApp: writes or taps through the signed webhook, a worker answers, and
    `said` returns what reached the resident's phone since the last look."""

    def __init__(self, app, graph, run_worker, phone: str = wa.PHONE):
        self.app, self.graph, self.run_worker, self.phone = app, graph, run_worker, phone
        self.client, self.seen = app.test_client(), 0

    def write(self, body: str, **kwargs) -> list[dict]:
        return self.post(wa.text(body, self.phone, **kwargs))

    def tap(self, title: str, **kwargs) -> list[dict]:
        """Tap the choice with this title on the last interactive message received."""
        sent = self.graph.sent(self.phone.lstrip("+"))
        last = next(b for b in reversed(sent) if b["type"] == "interactive")
        return self.post(wa.tap(wa.choice_ids(last)[title], self.phone, **kwargs))

    def post(self, message: dict) -> list[dict]:
        response = wa.post_signed(self.client, wa.envelope(self.graph.phone_number_id, [message]))
        assert response.status_code == 200, response.text
        self.run_worker(self.app)
        return self.said()

    def said(self) -> list[dict]:
        sent = self.graph.sent(self.phone.lstrip("+"))
        new, self.seen = sent[self.seen:], len(sent)
        return new

    @property
    def services(self):
        return services_of(self.app)


@pytest.fixture
def resident(wa_app, graph, run_worker):
    return Resident(wa_app, graph, run_worker)
