"""Read the USSD sessions the release before this one wrote, so sessions live during a deploy
survive it: a session under its provider's session id, and a phone's resume snapshot apart.

Both expire within SESSION_RESUME_SECONDS of the deploy (at most an hour); this module and the two
keys a hop reads for it can go in the release after.
"""

from .packing import Packer, full_state


def keys(session_id: str, phone_key: str) -> list[str]:
    """The keys the release before kept this session and the phone's snapshot under."""
    return [f"sapa:ussd:{session_id}", f"{phone_key}:resume"]


def open_values(packer: Packer, raw: list, session_id: str,
                phone_key: str) -> tuple[dict | None, dict | None]:
    """The session and snapshot read from keys(), each None when absent or unreadable."""
    session_key, resume_key = keys(session_id, phone_key)
    session_raw, resume_raw = raw
    return _open_session(packer, session_raw, session_key), _open_state(packer, resume_raw, resume_key)


def _open_session(packer: Packer, raw: bytes | None, key: str) -> dict | None:
    value = _unpack(packer, raw, key)
    if isinstance(value, dict) or value is None:  # Fernet JSON, two releases back: the dict itself
        return value
    try:
        text, screen, ends, state, snapshot, *latest = value
        session = {"text": text, "screen": screen, "ends": ends, "state": full_state(state),
                   "snapshot": full_state(snapshot) if snapshot else None}
        if latest:
            session["last"], session["at"] = latest
        return session
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _open_state(packer: Packer, raw: bytes | None, key: str) -> dict | None:
    value = _unpack(packer, raw, key)
    if isinstance(value, dict) or value is None:
        return value
    try:
        return full_state(value)
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _unpack(packer: Packer, raw: bytes | None, key: str) -> object:
    if raw is None:
        return None
    try:
        value, legacy = packer.unpack(raw, key)
    except ValueError:
        return None
    return value if not legacy or isinstance(value, dict) else None
