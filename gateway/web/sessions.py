"""Flask's signed-cookie session, opened only for the pages that use it (the console, log-in)."""

from flask import Flask, Request
from flask.sessions import SecureCookieSessionInterface

# Provider callbacks and health checks never read the session; opening it (an itsdangerous
# serializer built for every request) cost a USSD hop about a tenth of its time.
SESSIONLESS = ("/ussd", "/sms/", "/healthz", "/readyz")


class ConsoleSessions(SecureCookieSessionInterface):
    """The usual cookie session, except a null one for paths that never use it."""

    def open_session(self, app: Flask, request: Request):
        if request.path.startswith(SESSIONLESS):
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = ConsoleSessions()
