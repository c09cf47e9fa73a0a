"""Effects: work the pure engine asks the shell to carry out, as plain data."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Effect:
    """One piece of work: "remember_language" {lang}, "send_sms" {text, purpose},
    "broadcasts" {on}."""

    kind: str
    data: dict = field(default_factory=dict)
