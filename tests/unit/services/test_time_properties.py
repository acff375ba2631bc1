"""Property: times typed by the user or read from the store parse to one UTC instant, DST gaps
and overlaps resolved as documented, or fail with a message; never a crash.

Strategies and checks are in tests/time_fuzz.py; tests/perf/test_properties_long.py runs the same
properties with 10,000 examples each.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st
from time_fuzz import (
    ZONES,
    check_any_text,
    check_iso_round_trip,
    check_localize,
    check_wall_text,
    instants,
    nows,
    user_texts,
    walls,
)

SUITE = settings(max_examples=200, deadline=None, database=None)


@SUITE
@given(walls)
def test_a_wall_time_is_one_instant_with_gaps_and_overlaps_resolved(
    case: tuple[datetime, str],
) -> None:
    check_localize(*case)


@SUITE
@given(walls, nows)
def test_a_typed_wall_time_is_that_instant_or_refused_as_past(
    case: tuple[datetime, str], now: datetime
) -> None:
    check_wall_text(*case, now)


@SUITE
@given(user_texts, st.sampled_from(ZONES), nows)
# Found by this property (OverflowError instead of a message), kept as fixed cases: the calendar's
# ends, which a shift to or from UTC leaves.
@example("9999-12-31 23:30", "America/New_York", datetime(2026, 1, 1, tzinfo=UTC))
@example("9999-12-31T23:30:00Z", "Europe/Berlin", datetime(2026, 1, 1, tzinfo=UTC))
@example("0001-01-01T00:30:00+14:00", "UTC", datetime(2026, 1, 1, tzinfo=UTC))
def test_any_typed_text_is_a_future_utc_time_or_a_message(
    text: str, zone: str, now: datetime
) -> None:
    check_any_text(text, zone, now)


@SUITE
@given(instants)
def test_iso_text_round_trips_to_the_millisecond(moment: datetime) -> None:
    check_iso_round_trip(moment)
