"""How long the outbox waits before trying an intent again."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class BackoffPolicy:
    """Capped exponential backoff with full jitter; 429s honour Retry-After, else the cooldown."""

    base: float = 0.5
    cap: float = 60.0
    cooldown: float = 2.0  # the API's per-platform spacing when a 429 carries no Retry-After
    max_retry_after: float = 300.0
    max_attempts: int = 12  # transient failures before an intent needs attention

    def after_failure(self, attempts: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after the ``attempts``-th transient failure (5xx, timeout, offline)."""
        ceiling = min(self.cap, self.base * (2 ** max(0, attempts - 1)))
        return (rng or random).uniform(ceiling / 2, ceiling)

    def after_rate_limit(self, retry_after: float | None) -> float:
        """Seconds to wait after a 429."""
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_retry_after)
        return self.cooldown


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
