"""When and how long to wait before retrying a safe request."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRYABLE_STATUS = frozenset({408, 429})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


def is_retryable_status(status_code: int) -> bool:
    return status_code in RETRYABLE_STATUS or 500 <= status_code <= 599


def parse_retry_after(
    value: str | None, *, cap: float, now: datetime | None = None
) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), capped.

    None when absent, unparseable or negative (the caller falls back to its own backoff).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    seconds: float
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
        # A date in the past means "now".
        seconds = max(seconds, 0.0)
    if seconds != seconds or seconds < 0:  # NaN or negative
        return None
    return min(seconds, cap)


def backoff_delay(
    attempt: int,
    *,
    initial: float,
    maximum: float,
    rng: random.Random | None = None,
) -> float:
    """Capped exponential backoff with jitter: in [0.5, 1] × min(initial·2^attempt, maximum)."""
    ceiling = min(initial * (2 ** max(attempt, 0)), maximum)
    jitter = 1.0 - 0.5 * (rng or random).random()
    return ceiling * jitter
