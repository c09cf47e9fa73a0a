"""HTTP helpers every room shares: callback tokens, form fields, the staff log-in guard, security
headers, request ids, plain-text error pages and a cookie session only where pages use one."""

from flask import Flask

from . import error_pages, headers, request_ids, sessions


def init_app(app: Flask) -> None:
    """Install request ids, the error pages, the security headers on every response and the session."""
    request_ids.init_app(app)
    error_pages.init_app(app)
    headers.init_app(app)
    sessions.init_app(app)
