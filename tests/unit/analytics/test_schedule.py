"""The polling schedule: intervals by age, horizon, backoff, Retry-After."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from s200desk.services.analytics import PollSchedule

PUBLISHED = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "interval"),
    [
        (timedelta(0), timedelta(minutes=15)),
        (timedelta(hours=23, minutes=59), timedelta(minutes=15)),
        (timedelta(days=1), timedelta(hours=1)),
        (timedelta(days=6, hours=23), timedelta(hours=1)),
        (timedelta(days=7), timedelta(days=1)),
        (timedelta(days=89), timedelta(days=1)),
        (timedelta(days=90), None),
        (timedelta(days=400), None),
    ],
)
def test_interval_grows_with_age_and_stops_at_the_horizon(
    age: timedelta, interval: timedelta | None
) -> None:
    schedule = PollSchedule()
    assert schedule.interval(age) == interval
    expected = None if interval is None else PUBLISHED + age + interval
    assert schedule.after_success(PUBLISHED, PUBLISHED + age) == expected


def test_errors_back_off_exponentially_up_to_the_cap() -> None:
    schedule = PollSchedule()
    now = PUBLISHED + timedelta(days=2)
    waits = [schedule.after_error(PUBLISHED, now, n) - now for n in range(1, 12)]  # type: ignore[operator]
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert all(b >= a for a, b in itertools.pairwise(waits))
    assert waits[-1] == timedelta(hours=6)
    assert schedule.after_error(PUBLISHED, PUBLISHED + timedelta(days=91), 1) is None


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [
        (30.0, timedelta(seconds=30)),
        (0.0, timedelta(0)),
        (None, timedelta(minutes=1)),
        (-5.0, timedelta(minutes=1)),
        (86400.0, timedelta(hours=1)),
    ],
)
def test_rate_limit_waits_for_retry_after(retry_after: float | None, wait: timedelta) -> None:
    now = PUBLISHED
    assert PollSchedule().after_rate_limit(now, retry_after) == now + wait
