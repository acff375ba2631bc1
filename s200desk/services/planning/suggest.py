"""Suggested times for the composer: per chosen platform, the best upcoming hours from the
workspace's own analytics (that platform's published posts), skipping days on which any of its
chosen profiles has no room left under the daily cap."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from s200desk.services.analytics.aggregate import Heatmap, best_time_heatmap
from s200desk.services.planning.best_time import LOOK_AHEAD, best_upcoming_times
from s200desk.services.quotas import utc_day_bounds
from s200desk.store.analytics_repo import AnalyticsRepo
from s200desk.store.database import Database

Target = tuple[str, str]
CountFn = Callable[[str, str, datetime, datetime], Awaitable[int]]


async def platform_heatmaps(db: Database, zone: str) -> dict[str, Heatmap]:
    """The best-time heatmap of each platform's published posts."""
    posts = await AnalyticsRepo(db).post_metrics(None, None)
    tz = ZoneInfo(zone)
    return {
        platform: best_time_heatmap([p for p in posts if p.platform == platform], tz)
        for platform in sorted({p.platform for p in posts})
    }


async def suggest_times(
    heatmaps: dict[str, Heatmap],
    targets: Sequence[Target],
    zone: str,
    now: datetime,
    *,
    cap_for: Callable[[str], int | None],
    count_day: CountFn,
    count: int = 3,
) -> dict[str, list[datetime]]:
    """Up to ``count`` upcoming instants (UTC) per platform of ``targets``, best first; a
    platform without numbers gets an empty list."""
    out: dict[str, list[datetime]] = {}
    for platform in dict.fromkeys(p for p, _ in targets):
        heat = heatmaps.get(platform)
        if heat is None:
            out[platform] = []
            continue
        cap = cap_for(platform)
        used: dict[date, int] = {}
        if cap is not None:
            accounts = [a for p, a in targets if p == platform]
            for offset in range(LOOK_AHEAD.days + 2):
                start, end = utc_day_bounds(now + timedelta(days=offset))
                used[start.date()] = max(
                    [await count_day(platform, a, start, end) for a in accounts]
                )

        out[platform] = best_upcoming_times(
            heat, zone, now, count=count, day_is_full=_full_days(used, cap)
        )
    return out


def _full_days(used: dict[date, int], cap: int | None) -> Callable[[date, int], bool]:
    # Each suggestion is an alternative, not an extra post: only the day's own use counts.
    return lambda day, _chosen: cap is not None and used.get(day, 0) >= cap
