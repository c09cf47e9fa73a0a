"""HTTP helpers every room shares: callback tokens, form fields, the staff log-in guard, security
headers, plain-text error pages and a cookie session only where pages use one."""

from flask import Flask

from . import error_pages, headers, sessions


def init_app(app: Flask) -> None:
    """Install the error pages, the security headers on every response and the session."""
    error_pages.init_app(app)
    headers.init_app(app)
    sessions.init_app(app)
