"""Refuse provider callbacks that lack the configured ?token= (unsigned callbacks carry it)."""

import functools
import hmac
import ipaddress

from flask import abort, request

from ..services import current_services


def require_callback_token(view):
    """Answer 403 unless the request carries ?token=<CALLBACK_TOKEN>; with no token configured (only
    development allows that), take callbacks from this machine alone, so nobody else can make the
    gateway text any number."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        expected = current_services().settings.callback_token
        given = request.args.get("token", "")
        if expected and not hmac.compare_digest(given.encode(), expected.encode()):
            abort(403, "missing or wrong ?token= in the callback URL")
        if not expected and not from_loopback(request.remote_addr):
            abort(403, "no CALLBACK_TOKEN is set, so callbacks are taken from this machine only")
        return view(*args, **kwargs)

    return checked


def from_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False
