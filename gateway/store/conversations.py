"""Keep each phone's WhatsApp conversation (the engine's state) in Redis, encrypted, for a day.

The key is a keyed hash of the phone; the value may hold a draft application (name, NIK).
"""

import json

import redis

from ..errors import REDIS_DOWN, StoreUnavailableError
from .phones import PhoneKeys
from .vault import Vault

CONVERSATION_TTL = 24 * 3600  # Meta's service window: after it, a new message starts afresh


class ConversationStore:
    """Load and save a phone's conversation state; raise StoreUnavailableError when Redis is down."""

    def __init__(self, client: redis.Redis, keys: PhoneKeys, vault: Vault):
        self.client, self.keys, self.vault = client, keys, vault

    def key(self, phone: str) -> str:
        return f"{self.keys(phone)}:wa"

    def load(self, phone: str) -> dict | None:
        try:
            raw = self.client.get(self.key(phone))
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc
        if raw is None:
            return None
        try:
            value = json.loads(self.vault.decrypt(raw.decode()))
        except (ValueError, UnicodeDecodeError):
            return None  # an old key or damage: start afresh
        return value if isinstance(value, dict) else None

    def save(self, phone: str, state: dict | None) -> None:
        """Keep the state for a day from now; None forgets it (the conversation ended)."""
        try:
            if state is None:
                self.client.delete(self.key(phone))
            else:
                self.client.set(self.key(phone), self.vault.encrypt(json.dumps(state)), ex=CONVERSATION_TTL)
        except REDIS_DOWN as exc:
            raise StoreUnavailableError(str(exc)) from exc

    def lock(self, phone: str):
        """A lock held while one phone's messages are answered, so they are answered in order."""
        return self.client.lock(f"{self.keys(phone)}:wa-lock", timeout=60, blocking_timeout=30)
