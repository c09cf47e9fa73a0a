"""Encrypt personal data at rest (NIK, USSD drafts) and hash NIK for search without decrypting."""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken

from menus.codes import ALPHABET


class Vault:
    """Fernet encryption under DATA_KEY, and a keyed hash derived from the same key."""

    def __init__(self, data_key: str):
        self._fernet = Fernet(data_key.encode())
        raw = base64.urlsafe_b64decode(data_key.encode())
        self._hash_key = hmac.new(raw, b"sapa nik search v1", hashlib.sha256).digest()

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        """Return the clear text; raise ValueError when the token was not made with this key."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise ValueError("cannot decrypt: wrong DATA_KEY or damaged value") from None

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
    return "".join(secrets.choice(ALPHABET) for _ in range(7))
