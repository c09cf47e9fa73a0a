"""Encrypt personal data at rest (NIK, USSD drafts) and hash NIK for search without decrypting.

During a key rotation the vault holds two keys: it writes with the new one (DATA_KEY) and reads
with either; a NIK search tries the hash under each key, since rows not yet re-encrypted by
`flask keys rotate` still carry the old one. Sealed USSD sessions are read under either key too,
so a resident mid-dial when the keys change keeps their place.
"""

import base64
import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from menus.codes import ALPHABET

SEALED = b"\x01"  # a sealed value: this byte, a 12-byte nonce, then AES-256-GCM ciphertext and tag
NONCE_BYTES = 12


class Vault:
    """Fernet encryption under DATA_KEY (reading DATA_KEY_OLD too), AES-GCM sealing of short-lived
    binary values (USSD sessions), and keyed hashes; the keys of the last two derive from DATA_KEY."""

    def __init__(self, data_key: str, old_key: str = ""):
        keys = [k for k in (data_key, old_key) if k]
        self._newest = Fernet(data_key.encode())
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        self._hash_keys = [_derived(k, b"sapa nik search v1") for k in keys]
        self._aeads = [AESGCM(_derived(k, b"sapa session seal v1")) for k in keys]
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

    def seal(self, data: bytes, context: bytes) -> bytes:
        """Encrypt and authenticate data for one place (`context`, e.g. the Redis key it is stored
        under): 29 bytes more than data, where Fernet adds 57 and then base64 a third."""
        # A random 96-bit nonce is safe for 2^32 seals under one key: ten years of hops at 10 a second.
        nonce = os.urandom(NONCE_BYTES)
        return SEALED + nonce + self._aeads[0].encrypt(nonce, data, context)

    def unseal(self, sealed: bytes, context: bytes) -> bytes:
        """Return what was sealed; raise ValueError when it was sealed with neither key, for another
        context, or damaged."""
        if sealed[:1] != SEALED or len(sealed) < 1 + NONCE_BYTES + 16:
            raise ValueError("not a sealed value")
        nonce, body = sealed[1:1 + NONCE_BYTES], sealed[1 + NONCE_BYTES:]
        for aead in self._aeads:
            try:
                return aead.decrypt(nonce, body, context)
            except InvalidTag:
                continue
        raise ValueError("cannot unseal: wrong DATA_KEY, another place, or a damaged value")

    def search_hash(self, nik: str) -> str:
        """Return the keyed hash under the newest key; it cannot be reversed without DATA_KEY."""
        return _hash(self._hash_keys[0], nik)

    def search_hashes(self, nik: str) -> list[str]:
        """The hashes to look a NIK up by: the newest key's, then the old key's while rotating."""
        return [_hash(key, nik) for key in self._hash_keys]


def _derived(data_key: str, purpose: bytes) -> bytes:
    raw = base64.urlsafe_b64decode(data_key.encode())
    return hmac.new(raw, purpose, hashlib.sha256).digest()


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
    # One draw, written in base 31: every hop draws a code in case it submits (7 draws cost 10x more).
    number, symbols = secrets.randbelow(len(ALPHABET) ** 7), []
    for _ in range(7):
        number, digit = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[digit])
    return "".join(symbols)
