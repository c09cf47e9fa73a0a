"""Kept for one release: jobs queued before the shell got its rooms name workers.preferences.remember_language
(retries wait up to two hours; quiet hours hold notices until morning). New jobs name
workers.jobs.remember_language. Remove after the next release."""

from .jobs import remember_language

__all__ = ["remember_language"]
