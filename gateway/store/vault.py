"""Encrypt personal data at rest (NIK, USSD drafts) and hash NIK for search without decrypting."""

import base64
import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from menus.codes import ALPHABET

SEALED = b"\x01"  # a sealed value: this byte, a 12-byte nonce, then AES-256-GCM ciphertext and tag
NONCE_BYTES = 12


class Vault:
    """Fernet encryption under DATA_KEY (stored NIK), AES-GCM sealing of short-lived binary values
    (USSD sessions), and a keyed hash; the keys of the last two are derived from DATA_KEY."""

    def __init__(self, data_key: str):
        self._fernet = Fernet(data_key.encode())
        raw = base64.urlsafe_b64decode(data_key.encode())
        self._hash_key = hmac.new(raw, b"sapa nik search v1", hashlib.sha256).digest()
        self._aead = AESGCM(hmac.new(raw, b"sapa session seal v1", hashlib.sha256).digest())

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        """Return the clear text; raise ValueError when the token was not made with this key."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise ValueError("cannot decrypt: wrong DATA_KEY or damaged value") from None

    def seal(self, data: bytes, context: bytes) -> bytes:
        """Encrypt and authenticate data for one place (`context`, e.g. the Redis key it is stored
        under): 29 bytes more than data, where Fernet adds 57 and then base64 a third."""
        # A random 96-bit nonce is safe for 2^32 seals under one key: ten years of hops at 10 a second.
        nonce = os.urandom(NONCE_BYTES)
        return SEALED + nonce + self._aead.encrypt(nonce, data, context)

    def unseal(self, sealed: bytes, context: bytes) -> bytes:
        """Return what was sealed; raise ValueError when it was sealed with another key or context,
        or damaged."""
        if sealed[:1] != SEALED or len(sealed) < 1 + NONCE_BYTES + 16:
            raise ValueError("not a sealed value")
        try:
            return self._aead.decrypt(sealed[1:1 + NONCE_BYTES], sealed[1 + NONCE_BYTES:], context)
        except InvalidTag:
            raise ValueError("cannot unseal: wrong DATA_KEY, another place, or a damaged value") from None

    def search_hash(self, nik: str) -> str:
        """Return the keyed hash staff search by; it cannot be reversed without DATA_KEY."""
        return hmac.new(self._hash_key, nik.encode(), hashlib.sha256).hexdigest()


def new_data_key() -> str:
    return Fernet.generate_key().decode()


def valid_data_key(value: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value.encode())) == 32
    except (ValueError, TypeError):
        return False


def random_code_symbols() -> str:
    """Seven symbols for a tracking code: 31^7, about 27 billion codes."""
    # One draw, written in base 31: every hop draws a code in case it submits (7 draws cost 10x more).
    number, symbols = secrets.randbelow(len(ALPHABET) ** 7), []
    for _ in range(7):
        number, digit = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[digit])
    return "".join(symbols)
