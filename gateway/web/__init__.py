"""HTTP helpers every room shares: callback tokens, form fields, the staff log-in guard, server-side
console sessions (none for callbacks), CSRF checks, security headers, request ids and plain-text
error pages."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ..services import services_of
from . import csrf, error_pages, headers, request_ids, server_session


def init_app(app: Flask) -> None:
    """Install request ids, the error pages, the security headers, server-side sessions and the CSRF
    check."""
    request_ids.init_app(app)
    error_pages.init_app(app)
    headers.init_app(app)
    server_session.init_app(app)
    csrf.init_app(app)


def trust_proxies(app: Flask) -> None:
    """Behind a load balancer, read the resident's and staff's real address (for limits, the log and
    the callbacks' loopback check) from its headers. Installed last, so it wraps every middleware a
    room added (the USSD fast path) as well as Flask."""
    hops = services_of(app).settings.proxy_hops
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
