"""Kept for one release: jobs queued before the shell got its rooms name workers.batches.send_batch
(retries wait up to two hours; quiet hours hold notices until morning). New jobs name
workers.jobs.send_batch. Remove after the next release."""

from .jobs import send_batch

__all__ = ["send_batch"]
