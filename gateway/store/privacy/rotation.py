"""Re-encrypt every stored NIK under the new DATA_KEY and recompute its search hash, in batches:
`flask keys rotate`. Idempotent and resumable: rows already under the new key are skipped, each
batch commits on its own, so an interrupted run is simply run again."""

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ..applications import Resident
from ..vault import Vault

BATCH = 500


@dataclass(frozen=True)
class RotationReport:
    """How many NIKs were re-encrypted now, how many already were, and how many remain unreadable."""

    rotated: int
    current: int
    unreadable: int


def rotate_nik_keys(database: Engine, vault: Vault, batch: int = BATCH) -> RotationReport:
    """Move every NIK to the newest key; the old key can be dropped once this reports none left."""
    rotated = current = unreadable = 0
    last_id = 0
    while True:
        with Session(database) as session, session.begin():
            rows = session.scalars(select(Resident).where(Resident.id > last_id, Resident.nik_encrypted != "")
                                   .order_by(Resident.id).limit(batch)).all()
            for resident in rows:
                if vault.is_current(resident.nik_encrypted):
                    current += 1
                    continue
                try:
                    nik = vault.decrypt(resident.nik_encrypted)
                except ValueError:
                    unreadable += 1  # made with a key this server no longer has: reported, left alone
                    continue
                resident.nik_encrypted, resident.nik_hash = vault.encrypt(nik), vault.search_hash(nik)
                rotated += 1
            if not rows:
                return RotationReport(rotated, current, unreadable)
            last_id = rows[-1].id


def keys_pending(database: Engine, vault: Vault) -> int:
    """How many stored NIKs are not yet under the newest key."""
    with Session(database) as session:
        tokens = session.scalars(select(Resident.nik_encrypted).where(Resident.nik_encrypted != "")).all()
    return sum(1 for token in tokens if not vault.is_current(token))
