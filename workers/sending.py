"""Kept for one release: jobs queued before the shell got its rooms name workers.sending.send_message
(retries wait up to two hours; quiet hours hold notices until morning). New jobs name
workers.jobs.send_message. Remove after the next release."""

from .jobs import send_message

__all__ = ["send_message"]
