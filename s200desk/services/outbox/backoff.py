"""How long the outbox waits before trying an intent again."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class BackoffPolicy:
    """Capped exponential backoff with full jitter; 429s honour Retry-After, else the cooldown.

    Retry-After itself is parsed once, by the API client (``s200desk.api._retry``), into
    ``RateLimitError.retry_after``.
    """

    base: float = 0.5
    cap: float = 60.0
    cooldown: float = 2.0  # the API's per-platform spacing when a 429 carries no Retry-After
    max_retry_after: float = 300.0
    max_attempts: int = 12  # transient failures before an intent needs attention
    offline_cap: float = 15.0  # the longest wait between tries while the server is unreachable

    def after_failure(self, attempts: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after the ``attempts``-th transient failure (5xx, timeout, offline)."""
        ceiling = min(self.cap, self.base * (2 ** max(0, attempts - 1)))
        return (rng or random).uniform(ceiling / 2, ceiling)

    def while_offline(self, offline_for: float, rng: random.Random | None = None) -> float:
        """Seconds to wait before trying again when the server has not been reached for
        ``offline_for`` seconds (a refused or unreachable connection: nothing was sent, so the
        try is not counted and never makes an intent give up).

        It grows with the time offline, not with the tries, and stops at ``offline_cap``: a blip
        is retried within a second, a laptop on a train is tried every few seconds (each post on
        its own), not every half second for as long as it stays offline; and the post waiting
        longest is never more than ``offline_cap`` behind the connection coming back."""
        ceiling = min(self.cap, self.offline_cap, max(self.base, offline_for / 2))
        return (rng or random).uniform(ceiling / 2, ceiling)

    def after_rate_limit(self, retry_after: float | None) -> float:
        """Seconds to wait after a 429 (its Retry-After, read by the API client's one parser).

        Never less than ``base``: a 429 does not count toward giving up, so "Retry-After: 0"
        must not turn into a tight loop.
        """
        if retry_after is not None and retry_after >= 0:
            return max(self.base, min(retry_after, self.max_retry_after))
        return self.cooldown
