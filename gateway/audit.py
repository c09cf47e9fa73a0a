"""The record of processing: every staff view or change of personal data gets a row."""

from flask import request
from sqlalchemy.orm import Session

from .records import AuditEntry


def audit(session: Session, staff: str, action: str, target: str = "", detail: str = "") -> None:
    """Add an audit row in the caller's transaction. Never pass a NIK in `detail`."""
    session.add(AuditEntry(staff=staff, action=action, target=target[:80], detail=detail[:300],
                           ip=(request.remote_addr or "")[:45] if request else ""))
