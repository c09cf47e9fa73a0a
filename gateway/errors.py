"""Errors raised by the gateway."""


class SettingsError(ValueError):
    """The environment does not make a valid configuration; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Sapa cannot start: {len(problems)} setting problem(s):\n{listing}")


class StoreUnavailableError(RuntimeError):
    """Redis (the session store) cannot be reached right now."""


class BadPayloadError(ValueError):
    """A provider callback is missing fields or carries malformed ones."""
