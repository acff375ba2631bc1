"""Best times to post, from the workspace's own analytics (the best-time heatmap): the next few
upcoming hours whose past posts engaged best, skipping days whose cap is full."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.services.analytics.aggregate import Heatmap
from s200desk.services.planning.slots import DayIsFull, WeeklySlots
from s200desk.services.scheduling import localize

LOOK_AHEAD = timedelta(days=14)


def best_upcoming_times(
    heat: Heatmap,
    zone: str,
    now: datetime,
    *,
    count: int = 3,
    day_is_full: DayIsFull | None = None,
    look_ahead: timedelta = LOOK_AHEAD,
) -> list[datetime]:
    """Up to ``count`` upcoming instants (UTC), best first: the next occurrence of each of the
    best-scoring (weekday, hour) cells, on the hour, at least an hour from ``now``."""
    tz = ZoneInfo(zone)
    ranked = sorted(
        ((v, heat.counts[d][h], d, h) for d, row in enumerate(heat.values)
         for h, v in enumerate(row) if v is not None),
        key=lambda cell: (-cell[0], -cell[1], cell[2], cell[3]),
    )  # fmt: skip
    start = now + timedelta(hours=1)
    first_day = start.astimezone(tz).date()
    chosen: list[datetime] = []
    per_day: dict[object, int] = {}
    for _, _, weekday, hour in ranked:
        for offset in range(look_ahead.days + 1):
            day = first_day + timedelta(days=offset)
            if day.weekday() != weekday:
                continue
            instant = localize(datetime.combine(day, time(hour)), tz).utc
            if instant < start:
                continue
            utc_day = instant.date()
            if day_is_full is not None and day_is_full(utc_day, per_day.get(utc_day, 0)):
                continue
            chosen.append(instant)
            per_day[utc_day] = per_day.get(utc_day, 0) + 1
            break
        if len(chosen) == count:
            break
    return chosen


def slots_from_best_hours(heat: Heatmap, zone: str, hours: int = 2) -> WeeklySlots | None:
    """Queue slots at the ``hours`` best hours of the day (mean over the weekdays with data),
    on every weekday that has data; None without any data."""
    scores: dict[int, list[float]] = {}
    days: set[int] = set()
    for d, row in enumerate(heat.values):
        for h, v in enumerate(row):
            if v is not None:
                scores.setdefault(h, []).append(v)
                days.add(d)
    if not scores:
        return None
    best = sorted(scores, key=lambda h: (-sum(scores[h]) / len(scores[h]), h))[:hours]
    return WeeklySlots(frozenset(days), tuple(time(h) for h in sorted(best)), zone)


async def workspace_heatmap(db: Any, zone: str) -> Heatmap:
    """The best-time heatmap of every published post the workspace has numbers for."""
    from s200desk.services.analytics.dashboard import DateRange, load_dashboard

    return (await load_dashboard(db, DateRange.all_time(), ZoneInfo(zone))).heatmap
