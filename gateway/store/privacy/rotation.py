"""Re-encrypt everything stored under the old DATA_KEY: every NIK (and its search hash) and every
WhatsApp message body, in batches: `flask keys rotate`. Idempotent and resumable: rows already
under the new key are skipped, each batch commits on its own, so an interrupted run is simply run
again."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ..applications import Resident
from ..chats import OutboundChat
from ..vault import Vault

BATCH = 500


@dataclass(frozen=True)
class RotationReport:
    """How many values were re-encrypted now, how many already were, and how many remain unreadable."""

    rotated: int
    current: int
    unreadable: int
    messages: int  # WhatsApp message bodies re-encrypted now


def rotate_nik_keys(database: Engine, vault: Vault, batch: int = BATCH) -> RotationReport:
    """Move every NIK and WhatsApp body to the newest key; the old key can be dropped once this reports
    nothing unreadable and `keys_pending` says none are left."""

    def nik(resident: Resident) -> None:
        value = vault.decrypt(resident.nik_encrypted)
        resident.nik_encrypted, resident.nik_hash = vault.encrypt(value), vault.search_hash(value)

    def body(chat: OutboundChat) -> None:
        chat.message = vault.encrypt(vault.decrypt(chat.message))

    rotated, current, unreadable = _rotate(database, vault, Resident, Resident.nik_encrypted, nik, batch)
    messages, more_current, more_unreadable = _rotate(database, vault, OutboundChat, OutboundChat.message,
                                                      body, batch)
    return RotationReport(rotated, current + more_current, unreadable + more_unreadable, messages)


def _rotate(database: Engine, vault: Vault, model, column, move: Callable, batch: int
            ) -> tuple[int, int, int]:
    """Re-encrypt one column's values in batches: (rotated, already current, unreadable)."""
    rotated = current = unreadable = 0
    last_id = 0
    while True:
        with Session(database) as session, session.begin():
            rows = session.scalars(select(model).where(model.id > last_id, column != "")
                                   .order_by(model.id).limit(batch)).all()
            for row in rows:
                if vault.is_current(getattr(row, column.key)):
                    current += 1
                    continue
                try:
                    move(row)
                except ValueError:
                    unreadable += 1  # made with a key this server no longer has: reported, left alone
                    continue
                rotated += 1
            if not rows:
                return rotated, current, unreadable
            last_id = rows[-1].id


def keys_pending(database: Engine, vault: Vault) -> int:
    """How many stored NIKs and WhatsApp bodies are not yet under the newest key."""
    with Session(database) as session:
        tokens = [*session.scalars(select(Resident.nik_encrypted).where(Resident.nik_encrypted != "")),
                  *session.scalars(select(OutboundChat.message).where(OutboundChat.message != ""))]
    return sum(1 for token in tokens if not vault.is_current(token))
