"""Refuse provider callbacks that lack the configured ?token= (unsigned callbacks carry it)."""

import functools
import hmac

from flask import abort, request

from ..services import current_services


def require_callback_token(view):
    """Answer 403 unless the request carries ?token=<CALLBACK_TOKEN>, when one is configured."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        expected = current_services().settings.callback_token
        given = request.args.get("token", "")
        if expected and not hmac.compare_digest(given.encode(), expected.encode()):
            abort(403, "missing or wrong ?token= in the callback URL")
        return view(*args, **kwargs)

    return checked
