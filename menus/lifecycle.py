"""The application life cycle: statuses, the moves staff may make, and which moves notify."""

from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "diterima"
    REVIEW = "diperiksa"
    INCOMPLETE = "kurang_berkas"
    VERIFIED = "lengkap"
    READY = "siap_diambil"
    DONE = "selesai"
    CANCELLED = "dibatalkan"


OPEN = frozenset({Status.RECEIVED, Status.REVIEW, Status.INCOMPLETE, Status.VERIFIED, Status.READY})
MOVES = {
    Status.RECEIVED: {Status.REVIEW, Status.INCOMPLETE, Status.VERIFIED, Status.CANCELLED},
    Status.REVIEW: {Status.INCOMPLETE, Status.VERIFIED, Status.CANCELLED},
    Status.INCOMPLETE: {Status.REVIEW, Status.VERIFIED, Status.CANCELLED},
    Status.VERIFIED: {Status.READY, Status.CANCELLED},
    Status.READY: {Status.DONE, Status.CANCELLED},
    Status.DONE: set(),
    Status.CANCELLED: set(),
}
# The SMS text key sent to the resident when an application moves there.
NOTICES = {Status.INCOMPLETE: "notice_incomplete", Status.VERIFIED: "notice_verified",
           Status.READY: "notice_ready", Status.CANCELLED: "notice_cancelled"}


def can_move(current: str, target: str) -> bool:
    """True when staff (or the resident, for a cancel) may move an application there."""
    return Status(target) in MOVES.get(Status(current), set())
