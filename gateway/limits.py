"""Cost and abuse limits, counted in Redis so that every web process and worker shares them.

SMS a phone is sent at its own request (replies, "Kirim SMS", confirmations) are counted per hour
and per day by one Lua script: both windows are checked and counted in one atomic step, in one
round trip (the `limits` library counts one window per call, so a refusal by
the day window would still have used up an hour slot). USSD hops are counted per phone per minute
inside the hop's own two round trips (see gateway/store/sessions.py), so the limit costs none.
Keys name phones by their keyed hash, never the number.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import redis

from .settings import Env
from .store.phones import PhoneKeys

# KEYS: the windows' counters; ARGV: the cost, then each window's limit and lifetime in seconds.
TAKE = """
local cost = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local used = tonumber(redis.call('GET', key) or '0')
  if used + cost > tonumber(ARGV[2 * i]) then return 0 end
end
for i, key in ipairs(KEYS) do
  if redis.call('INCRBY', key, cost) == cost then redis.call('EXPIRE', key, ARGV[2 * i + 1]) end
end
return 1
"""


@dataclass(frozen=True)
class Limits:
    """Each limit; 0 turns it off. See the configuration table in README.md."""

    sms_per_hour: int
    sms_per_day: int
    hops_per_minute: int
    open_per_phone: int
    open_per_nik_service: int
    daily_budget: int  # SMS segments a day for the office; broadcasts wait once it is spent


def read_section(env: Env) -> Limits:
    """Read the limits (Settings.section("limits"))."""
    return Limits(
        sms_per_hour=env.number("SMS_PER_PHONE_HOUR", 10, 0, 1000),
        sms_per_day=env.number("SMS_PER_PHONE_DAY", 20, 0, 10000),
        hops_per_minute=env.number("USSD_HOPS_PER_MINUTE", 30, 0, 1000),
        open_per_phone=env.number("OPEN_APPLICATIONS_PER_PHONE", 5, 0, 100),
        open_per_nik_service=env.number("OPEN_APPLICATIONS_PER_NIK", 1, 0, 100),
        daily_budget=env.number("SMS_DAILY_BUDGET", 1000, 0, 10_000_000),
    )


class Counters:
    """Take a slot from a limit atomically, or be refused."""

    def __init__(self, client: redis.Redis, keys: PhoneKeys, limits: Limits, timezone: str):
        self.client, self.keys, self.limits = client, keys, limits
        self.zone = ZoneInfo(timezone)
        self._take = client.register_script(TAKE)

    def prepare(self) -> None:
        """Load the script into Redis now (at start), so no resident's hop pays for it."""
        self.client.script_load(TAKE)

    def take_sms(self, phone: str, now: datetime) -> bool:
        """Count one SMS to this phone at its request; False when it would pass either limit."""
        key, day = self.keys(phone), now.astimezone(self.zone)
        windows = [(f"{key}:sms:h{now:%Y%m%d%H}", self.limits.sms_per_hour, 3600),
                   (f"{key}:sms:d{day:%Y%m%d}", self.limits.sms_per_day, 86400)]
        return self._run([w for w in windows if w[1]], 1)

    def take_budget(self, segments: int, now: datetime) -> bool:
        """Spend `segments` of today's office budget on non-urgent sending; False when it is spent."""
        if not self.limits.daily_budget:
            return True
        return self._run([(self.budget_key(now), self.limits.daily_budget, 2 * 86400)], segments)

    def spend(self, segments: int, now: datetime) -> None:
        """Count segments sent at once (replies, notices) toward today's budget."""
        with self.client.pipeline() as pipe:
            pipe.incrby(self.budget_key(now), segments).expire(self.budget_key(now), 2 * 86400).execute()

    def spent_today(self, now: datetime) -> int:
        return int(self.client.get(self.budget_key(now)) or 0)

    def next_day(self, now: datetime) -> datetime:
        """When today's budget is renewed: the office's next midnight."""
        local = now.astimezone(self.zone)
        return (local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)).astimezone(UTC)

    def budget_key(self, now: datetime) -> str:
        return f"sapa:budget:{now.astimezone(self.zone):%Y%m%d}"

    def _run(self, windows: list[tuple[str, int, int]], cost: int) -> bool:
        if not windows:
            return True
        args = [cost, *(n for _, limit, ttl in windows for n in (limit, ttl))]
        return bool(self._take(keys=[key for key, _, _ in windows], args=args))
