"""suggest_times: a day whose cap is used up is skipped for that platform only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from s200desk.services.analytics.aggregate import Heatmap
from s200desk.services.planning.suggest import suggest_times

NOW = datetime(2031, 3, 3, 6, tzinfo=UTC)  # a Monday


async def test_a_full_day_is_skipped_and_the_next_week_is_offered() -> None:
    heat = Heatmap()
    heat.values[1][9], heat.counts[1][9] = 0.2, 4  # Tuesdays 09:00 UTC
    full_day = (NOW + timedelta(days=1)).date()

    async def count_day(platform: str, account: str, since: datetime, until: datetime) -> int:
        return 5 if since.date() == full_day else 0

    found = await suggest_times(
        {"x": heat}, [("x", "@a"), ("linkedin", "@a")], "UTC", NOW,
        cap_for=lambda p: 5, count_day=count_day,
    )  # fmt: skip
    assert found == {"x": [datetime(2031, 3, 11, 9, tzinfo=UTC)], "linkedin": []}
    roomy = await suggest_times(
        {"x": heat}, [("x", "@a")], "UTC", NOW, cap_for=lambda p: None, count_day=count_day
    )
    assert roomy == {"x": [datetime(2031, 3, 4, 9, tzinfo=UTC)]}
