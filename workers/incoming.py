"""Kept for one release: jobs queued before the shell got its rooms name workers.incoming.answer_incoming
(retries wait up to two hours; quiet hours hold notices until morning). New jobs name
workers.jobs.answer_incoming. Remove after the next release."""

from .jobs import answer_incoming

__all__ = ["answer_incoming"]
