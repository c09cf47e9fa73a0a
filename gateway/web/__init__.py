"""HTTP helpers every room shares: callback tokens, form fields, the staff log-in guard, security
headers, request ids and plain-text error pages."""

from flask import Flask

from . import error_pages, headers, request_ids


def init_app(app: Flask) -> None:
    """Install request ids, the error pages and the security headers on every response."""
    request_ids.init_app(app)
    error_pages.init_app(app)
    headers.init_app(app)
