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
        if not callback_allowed(expected, request.args.get("token", ""), request.remote_addr):
            abort(403, "missing or wrong ?token= in the callback URL" if expected else
                  "no CALLBACK_TOKEN is set, so callbacks are taken from this machine only")
        return view(*args, **kwargs)

    return checked


def callback_allowed(expected: str, given: str, remote_addr: str | None) -> bool:
    """True when the callback carries the expected token, or no token is set and it comes from here."""
    if expected:
        return hmac.compare_digest(given.encode(), expected.encode())
    return from_loopback(remote_addr)


def from_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False
