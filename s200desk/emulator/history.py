"""Seeded engagement history: what `poll-engagement` would have answered at earlier instants.

The emulator's metrics are a deterministic function of (post id, platform, age), so a post's past
readings are not invented: they are `analytics_json` (the very function the endpoint answers with)
evaluated at past instants. Demo mode uses this to start with a history as if the app had been
polling all along. Only instants at or after the post's `published_at` (before it, the endpoint
says 404 `no_metrics`) and not after the emulator's now (the future is not history) give a reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from .analytics import analytics_json
from .errors import ApiError
from .state import State
from .timefmt import from_db

# One answer holds at most this many readings (a day at 15 min is 96; 90 days daily is 90).
MAX_READINGS = 20_000


def published_post(state: State, post_id: str) -> tuple[dict[str, Any], datetime]:
    """The post row and its publish time; 404 as `poll-engagement` says it."""
    row = state.post(post_id)
    if row is None:
        raise ApiError(404, "not_found", "Post not found")
    published_at = from_db(row["published_at"])
    if row["status"] != "published" or published_at is None:
        raise ApiError(404, "no_metrics", "No metrics available yet: the post is not published")
    return row, published_at


def readings_at(
    state: State, post_id: str, instants: Iterable[datetime], now: datetime
) -> list[dict[str, Any]]:
    """`poll-engagement`'s answer at each instant (oldest first, duplicates once), skipping the
    instants before publishing or after `now`. Any post of any account (admin use)."""
    row, published_at = published_post(state, post_id)
    wanted = sorted({t for t in instants if published_at <= t <= now})
    if len(wanted) > MAX_READINGS:
        raise ApiError(400, "too_many_readings", f"At most {MAX_READINGS} readings per request")
    return [analytics_json(row, published_at, t) for t in wanted]


def grid(
    since: datetime, until: datetime, step: timedelta, limit: int = MAX_READINGS
) -> list[datetime]:
    """`since`, `since + step`, … up to `until` inclusive; 400 past `limit` instants."""
    if step <= timedelta(0):
        raise ApiError(400, "invalid_step", "step_minutes must be positive")
    if until < since:
        return []
    count = (until - since) // step + 1
    if count > limit:
        raise ApiError(
            400, "too_many_readings",
            f"{count} readings asked; at most {limit} per request (raise step_minutes)",
        )
    return [since + step * i for i in range(count)]
