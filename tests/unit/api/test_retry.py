"""Retry-After parsing and backoff: the numbers the request loop waits."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from s200desk.api._retry import backoff_delay, is_retryable_status, parse_retry_after

NOW = datetime(2026, 5, 16, 12, 0, 0, tzinfo=UTC)
CAP = 60.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("0", 0.0),
        ("1", 1.0),
        ("2.5", 2.5),
        (" 7 ", 7.0),
        ("60", 60.0),
        ("61", CAP),  # over the cap: clamped
        ("86400", CAP),
        ("-1", None),  # negative: ignored, backoff decides
        ("-0.5", None),
        ("nan", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("soon", None),  # garbage
        ("1s", None),
        ("Sat, 16 May 2026 12:00:30 GMT", 30.0),  # HTTP-date, 30 s ahead
        ("Sat, 16 May 2026 12:05:00 GMT", CAP),  # HTTP-date beyond the cap
        ("Sat, 16 May 2026 11:59:00 GMT", 0.0),  # HTTP-date in the past: go now
        ("Saturday, 16-May-26 12:00:10 GMT", 10.0),  # RFC 850 form
        ("Mon, 32 Foo 2026 99:00:00 GMT", None),  # date-shaped garbage
    ],
)
def test_retry_after_table(header: str | None, expected: float | None) -> None:
    got = parse_retry_after(header, cap=CAP, now=NOW)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=0.01)


def test_backoff_grows_then_caps() -> None:
    rng = random.Random(0)
    ceilings = [min(0.5 * 2**n, 8.0) for n in range(10)]
    for attempt, ceiling in enumerate(ceilings):
        for _ in range(200):
            delay = backoff_delay(attempt, initial=0.5, maximum=8.0, rng=rng)
            assert ceiling * 0.5 <= delay <= ceiling
    assert ceilings[-1] == 8.0


def test_backoff_is_jittered() -> None:
    rng = random.Random(1)
    delays = {backoff_delay(3, initial=0.5, maximum=8.0, rng=rng) for _ in range(50)}
    assert len(delays) > 40  # spread, not one value for every client


@pytest.mark.parametrize(
    ("status", "retry"),
    [(408, True), (429, True), (500, True), (502, True), (503, True), (599, True),
     (400, False), (401, False), (403, False), (404, False), (413, False), (422, False)],
)  # fmt: skip
def test_which_statuses_are_retried(status: int, retry: bool) -> None:
    assert is_retryable_status(status) is retry
