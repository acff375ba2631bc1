"""Calendar arithmetic: weeks, month grids and where a drop lands across DST (no display)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from s200desk.ui.calendar.timegrid import (
    add_months,
    first_weekday,
    local_day_bounds,
    month_days,
    move_to_day,
    move_to_slot,
    slot_start,
    week_start,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_weeks_and_month_grids_follow_the_first_day_of_the_week() -> None:
    assert first_weekday("sunday") == 6 and first_weekday("unknown") == 0
    assert week_start(date(2026, 5, 16), 0) == date(2026, 5, 11)
    assert week_start(date(2026, 5, 16), 6) == date(2026, 5, 10)
    assert week_start(date(2026, 5, 16), 5) == date(2026, 5, 16)
    days = month_days(2026, 2, 0)
    assert len(days) == 42 and days[0] == date(2026, 1, 26) and date(2026, 2, 28) in days
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 1)


def test_dst_days_are_23_and_25_hours_long() -> None:
    start, end = local_day_bounds(date(2026, 3, 29), BERLIN)
    assert (end - start).total_seconds() == 23 * 3600
    start, end = local_day_bounds(date(2026, 10, 25), BERLIN)
    assert (end - start).total_seconds() == 25 * 3600


def test_a_move_across_the_change_keeps_the_wall_clock_time() -> None:
    # 09:00 CET (08:00Z) on Fri 27 Mar -> 09:00 CEST (07:00Z) on Mon 30 Mar.
    target = move_to_day(datetime(2026, 3, 27, 8, tzinfo=UTC), date(2026, 3, 30), BERLIN)
    assert target.utc == datetime(2026, 3, 30, 7, tzinfo=UTC) and target.note is None
    # New York falls back on Sun 1 Nov: 09:00 EDT (13:00Z) -> 09:00 EST (14:00Z).
    target = move_to_slot(datetime(2026, 10, 31, 13, 15, tzinfo=UTC), date(2026, 11, 1), 9,
                          NEW_YORK)
    assert target.utc == datetime(2026, 11, 1, 14, 15, tzinfo=UTC)


def test_gap_and_overlap_are_resolved_explicitly() -> None:
    # 02:30 does not exist on 29 Mar in Berlin: moved forward, and the user is told.
    gap = move_to_slot(datetime(2026, 3, 27, 1, 30, tzinfo=UTC), date(2026, 3, 29), 2, BERLIN)
    assert gap.utc == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert gap.local.hour == 3 and gap.note and "does not exist" in gap.note
    # 02:30 happens twice on 25 Oct: the earlier one (CEST), and the user is told.
    twice = slot_start(date(2026, 10, 25), 2, BERLIN)
    assert twice.utc == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    assert twice.note and "twice" in twice.note
