"""When a published post is polled next: often while it is young, rarely once it is old.

Engagement changes fastest in a post's first hours, so the interval grows with the post's age:
every 15 minutes on its first day, hourly until it is a week old, daily until the horizon
(90 days), then never again. Failures back off exponentially; a 429 waits as long as the
server asked. Pure functions of times, so tests drive them with any clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class PollSchedule:
    """Intervals by post age, the horizon after which a post is no longer polled, and backoff."""

    # (age below which this interval applies, interval), youngest first.
    tiers: tuple[tuple[timedelta, timedelta], ...] = field(
        default=(
            (timedelta(days=1), timedelta(minutes=15)),
            (timedelta(days=7), timedelta(hours=1)),
            (timedelta(days=90), timedelta(days=1)),
        )
    )
    error_base: timedelta = timedelta(minutes=1)
    error_cap: timedelta = timedelta(hours=6)
    # A 429 without Retry-After waits this long.
    rate_limit_default: timedelta = timedelta(minutes=1)
    rate_limit_cap: timedelta = timedelta(hours=1)

    @property
    def horizon(self) -> timedelta:
        return self.tiers[-1][0]

    def interval(self, age: timedelta) -> timedelta | None:
        """How long to wait between polls of a post this old; None past the horizon."""
        for limit, interval in self.tiers:
            if age < limit:
                return interval
        return None

    def after_success(self, published_at: datetime, now: datetime) -> datetime | None:
        """Next poll after a good answer (or a 404 "no metrics yet"); None: stop polling."""
        interval = self.interval(max(timedelta(0), now - published_at))
        return None if interval is None else now + interval

    def after_error(self, published_at: datetime, now: datetime, failures: int) -> datetime | None:
        """Next try after the ``failures``-th failure in a row: 1, 2, 4 … minutes, capped."""
        if now - published_at >= self.horizon:
            return None
        backoff = min(self.error_cap, self.error_base * (2 ** max(0, failures - 1)))
        return now + backoff

    def after_rate_limit(self, now: datetime, retry_after: float | None) -> datetime:
        """When to ask the same platform again after a 429."""
        if retry_after is None or retry_after < 0:
            wait = self.rate_limit_default
        else:
            wait = min(self.rate_limit_cap, timedelta(seconds=retry_after))
        return now + wait
