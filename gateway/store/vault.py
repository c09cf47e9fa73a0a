"""Encrypt personal data at rest (NIK, USSD drafts) and hash NIK for search without decrypting.

During a key rotation the vault holds two keys: it writes with the new one (DATA_KEY) and reads
with either; a NIK search tries the hash under each key, since rows not yet re-encrypted by
`flask keys rotate` still carry the old one.
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from menus.codes import ALPHABET


class Vault:
    """Fernet encryption under DATA_KEY (reading DATA_KEY_OLD too), and keyed hashes derived from them."""

    def __init__(self, data_key: str, old_key: str = ""):
        keys = [k for k in (data_key, old_key) if k]
        self._newest = Fernet(data_key.encode())
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        self._hash_keys = [_hash_key(k) for k in keys]
        self.rotating = len(keys) > 1

    def encrypt(self, text: str) -> str:
        return self._newest.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        """Return the clear text; raise ValueError when the token was made with neither key."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise ValueError("cannot decrypt: wrong DATA_KEY or damaged value") from None

    def is_current(self, token: str) -> bool:
        """True when the token was made with the newest key (nothing left to rotate)."""
        try:
            self._newest.decrypt(token.encode())
        except InvalidToken:
            return False
        return True

    def search_hash(self, nik: str) -> str:
        """Return the keyed hash under the newest key; it cannot be reversed without DATA_KEY."""
        return _hash(self._hash_keys[0], nik)

    def search_hashes(self, nik: str) -> list[str]:
        """The hashes to look a NIK up by: the newest key's, then the old key's while rotating."""
        return [_hash(key, nik) for key in self._hash_keys]


def _hash_key(data_key: str) -> bytes:
    raw = base64.urlsafe_b64decode(data_key.encode())
    return hmac.new(raw, b"sapa nik search v1", hashlib.sha256).digest()


def _hash(key: bytes, nik: str) -> str:
    return hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()


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
