"""Limit failed log-ins per address: LOGIN_LIMIT as a moving window in Redis, through `limits` (the
library Flask-Limiter is built on). Used by the log-in view alone, so no other request (a USSD hop
least of all) runs a rate-limit hook."""

import logging

import redis
from limits import parse_many
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

PREFIX = "sapa:login-limit"


class LoginThrottle:
    """Count an address's failed log-ins; refuse it once any window in LOGIN_LIMIT is full."""

    def __init__(self, pool: redis.ConnectionPool, login_limit: str):
        self.windows = parse_many(login_limit)
        self.limiter = MovingWindowRateLimiter(RedisStorage("redis://", connection_pool=pool,
                                                            key_prefix=PREFIX))

    def allows(self, address: str) -> bool:
        """True while the address has failures to spare (and when Redis cannot say: the account's
        own lock, kept in the database, still stands)."""
        try:
            return all(self.limiter.test(window, address) for window in self.windows)
        except redis.RedisError:
            log.warning("the log-in limit is unreadable (Redis); letting the attempt through")
            return True

    def failed(self, address: str) -> None:
        """Count one failed log-in from the address in every window."""
        try:
            for window in self.windows:
                self.limiter.hit(window, address)
        except redis.RedisError:
            log.warning("could not count a failed log-in (Redis)")
