"""Best-time suggestions from the heatmap: best cells first, upcoming only, full days skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from s200desk.services.analytics.aggregate import Heatmap
from s200desk.services.planning.best_time import best_upcoming_times, slots_from_best_hours


def _heat(cells: dict[tuple[int, int], float]) -> Heatmap:
    heat = Heatmap()
    for (d, h), v in cells.items():
        heat.values[d][h] = v
        heat.counts[d][h] = 3
    return heat


NOW = datetime(2027, 6, 7, 8, 30, tzinfo=UTC)  # Monday 08:30 UTC


def test_best_cells_first_at_their_next_occurrence() -> None:
    heat = _heat({(0, 9): 0.02, (2, 18): 0.09, (4, 12): 0.05, (6, 7): 0.01})
    got = best_upcoming_times(heat, "UTC", NOW)
    assert got == [
        datetime(2027, 6, 9, 18, tzinfo=UTC),  # Wednesday 18:00, the best cell
        datetime(2027, 6, 11, 12, tzinfo=UTC),  # Friday 12:00
        # Monday 09:00 today is within the hour: next Monday instead.
        datetime(2027, 6, 14, 9, tzinfo=UTC),
    ]


def test_full_days_are_skipped() -> None:
    heat = _heat({(2, 18): 0.09, (4, 12): 0.05})

    def full(day: date, chosen: int) -> bool:
        return day == date(2027, 6, 9)

    got = best_upcoming_times(heat, "UTC", NOW, day_is_full=full, count=2)
    assert got == [datetime(2027, 6, 16, 18, tzinfo=UTC), datetime(2027, 6, 11, 12, tzinfo=UTC)]


def test_suggestions_are_wall_clock_hours_in_the_zone() -> None:
    heat = _heat({(2, 18): 0.09})
    (got,) = best_upcoming_times(heat, "Europe/Berlin", NOW, count=1)
    assert got == datetime(2027, 6, 9, 16, tzinfo=UTC)  # 18:00 Berlin summer time


def test_no_data_no_suggestions() -> None:
    assert best_upcoming_times(Heatmap(), "UTC", NOW) == []
    assert slots_from_best_hours(Heatmap(), "UTC") is None


def test_slots_from_best_hours() -> None:
    heat = _heat({(0, 9): 0.05, (1, 9): 0.07, (1, 13): 0.02, (3, 17): 0.06})
    slots = slots_from_best_hours(heat, "UTC", hours=2)
    assert slots is not None
    assert slots.times == (time(9), time(17)) and slots.days == frozenset({0, 1, 3})
