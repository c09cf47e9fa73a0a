"""Check Meta's signature on a webhook body before anything in it is read."""

import hashlib
import hmac

HEADER = "X-Hub-Signature-256"


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta sends: "sha256=" and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(body: bytes, header: str, app_secret: str) -> bool:
    """True when `header` is Meta's signature of exactly these bytes with the app secret."""
    return bool(header) and hmac.compare_digest(header.strip().encode(), sign(body, app_secret).encode())
