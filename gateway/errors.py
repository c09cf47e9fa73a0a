"""Every error the shell raises; each name ends in Error."""

import redis

# What a lost Redis raises: callers answer politely or leave the work to the sweep.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class SettingsError(ValueError):
    """The environment does not make a valid configuration; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Sapa cannot start: {len(problems)} setting problem(s):\n{listing}")


class StoreUnavailableError(RuntimeError):
    """Redis (the session store) cannot be reached right now."""


class BadPayloadError(ValueError):
    """A provider callback or a form is missing fields or carries malformed ones."""


class UnknownEffectError(TypeError):
    """The engine asked for work no handler is registered for: a programming error, never dropped."""


class ApplicationLimitError(RuntimeError):
    """A new application would pass a limit on open applications: per NIK and service ("nik"), or
    per phone ("phone")."""

    def __init__(self, kind: str, service: str):
        self.kind, self.service = kind, service
        super().__init__(f"open application limit reached ({kind})")


class AccountError(ValueError):
    """A staff account cannot be created or changed as asked."""


class TransientSendError(RuntimeError):
    """The provider could not be reached or answered 5xx: the send may be retried."""


class WorkerSetupError(RuntimeError):
    """A job ran in a process that was not given its services (start workers with python -m workers)."""
