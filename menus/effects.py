"""Effects: work the pure engine asks the shell to carry out, one frozen dataclass per kind.

The shell registers one handler per type (gateway/effects.py); an effect without a handler is an
error there, never a silent drop. Personal fields are left out of repr, so a logged effect carries
no name or NIK.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RememberLanguage:
    """Keep the phone's language for its next dial and SMS."""

    lang: str


@dataclass(frozen=True)
class SendSms:
    """Send this text to the phone that asked (a "Kirim SMS" list, say)."""

    text: str = field(repr=False)
    purpose: str = "reply"


@dataclass(frozen=True)
class CreateApplication:
    """Store a new application with its tracking code, and SMS the code to the applicant."""

    service: str
    code: str
    name: str = field(repr=False)
    nik: str = field(repr=False)
    rt_rw: str = field(repr=False)
    consent: bool = False
    sms: str = field(default="", repr=False)


@dataclass(frozen=True)
class SetBroadcasts:
    """Turn office broadcasts to this phone on (MULAI/START) or off (BERHENTI/STOP)."""

    on: bool


@dataclass(frozen=True)
class CancelApplication:
    """Cancel an open application of this phone (SMS BATAL)."""

    code: str


@dataclass(frozen=True)
class RequestData:
    """Record this phone's request to see, correct or erase its data (SMS DATA), due in 3x24 hours."""

    kind: str  # "access", "correct" or "erase"


Effect = RememberLanguage | SendSms | CreateApplication | SetBroadcasts | CancelApplication | RequestData
EFFECT_TYPES = (RememberLanguage, SendSms, CreateApplication, SetBroadcasts, CancelApplication, RequestData)
