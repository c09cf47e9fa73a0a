"""HTTP helpers every room shares: callback tokens, form fields, the staff log-in guard, security
headers and plain-text error pages."""

from flask import Flask

from . import error_pages, headers


def init_app(app: Flask) -> None:
    """Install the error pages and the security headers on every response."""
    error_pages.init_app(app)
    headers.init_app(app)
