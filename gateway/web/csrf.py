"""Refuse forged console forms with Flask-WTF's CSRF protection: every POST must carry the session's
token in a `csrf_token` field, except the provider callbacks, which carry no cookie and prove
themselves with their token or signature instead (each room exempts its callback blueprint)."""

from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFError, CSRFProtect

EXPIRED = ("400 Bad Request: the form expired or did not come from this console ({}); reload the page and "
           "try again\n")


def init_app(app: Flask) -> None:
    # The token lives as long as the server-side session it belongs to, not a fixed hour: a form
    # left open over lunch still posts, and a logged-out session's tokens die with it.
    app.config.update(WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_FIELD_NAME="csrf_token")
    CSRFProtect(app)

    @app.errorhandler(CSRFError)
    def refused(error: CSRFError):
        return EXPIRED.format(error.description), 400, {"Content-Type": "text/plain; charset=utf-8"}


def exempt(app: Flask, blueprint: Blueprint) -> None:
    """Let a provider callback blueprint take POSTs without a console token."""
    app.extensions["csrf"].exempt(blueprint)
