"""Aggregations on hand-made snapshot data."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from s200desk.services.analytics import (
    DateRange,
    best_time_heatmap,
    build_dashboard,
    engagement_rate,
    series,
    top_posts,
    totals,
    totals_by_platform,
    totals_by_profile,
)

from .samples import T0, post, sample_posts, snap


def test_totals_sum_the_latest_numbers_and_count_unmeasured_posts() -> None:
    t = totals(sample_posts())
    assert (t.posts, t.measured) == (4, 3)
    assert (t.views, t.likes, t.comments, t.shares, t.saves) == (4500, 210, 10, 20, 20)
    assert t.interactions == 260
    assert t.engagement_rate == pytest.approx(260 / 4500)


def test_totals_per_platform_and_per_profile() -> None:
    by_platform = totals_by_platform(sample_posts())
    assert list(by_platform) == ["instagram", "tiktok"]
    assert by_platform["tiktok"].views == 4000
    assert by_platform["tiktok"].engagement_rate == pytest.approx(160 / 4000)
    assert by_platform["instagram"].views == 500
    assert by_platform["instagram"].posts == 2
    assert by_platform["instagram"].engagement_rate == pytest.approx(0.2)
    by_profile = totals_by_profile(sample_posts())
    assert set(by_profile) == {"tiktok · @one", "instagram · @two"}
    assert by_profile["tiktok · @one"].likes == 110


def test_engagement_rate_without_views_is_none() -> None:
    assert engagement_rate(0, 5) is None
    assert engagement_rate(200, 5) == pytest.approx(0.025)


@pytest.mark.parametrize(
    ("by", "order"),
    [
        ("views", ["b", "a", "c"]),
        ("likes", ["c", "b", "a"]),
        ("engagement_rate", ["c", "a", "b"]),
        ("published_at", ["b", "c", "a"]),
    ],
)
def test_top_posts_sorted_best_first(by: str, order: list[str]) -> None:
    rows = top_posts(sample_posts(), by)
    assert [r.post_id for r in rows] == order
    assert top_posts(sample_posts(), by, limit=1)[0].post_id == order[0]


def test_top_posts_rejects_an_unknown_key() -> None:
    with pytest.raises(KeyError):
        top_posts(sample_posts(), "followers")


def test_heatmap_uses_the_users_zone() -> None:
    # T0 is Monday 09:00 UTC = Monday 11:00 in Berlin (CEST); "b" is Tuesday 14:00 UTC.
    heat = best_time_heatmap(sample_posts(), ZoneInfo("Europe/Berlin"))
    assert heat.counts[0][11] == 1
    assert heat.values[0][11] == pytest.approx(0.1)
    assert heat.counts[1][16] == 1 and heat.values[1][16] == pytest.approx(0.02)
    assert heat.counts[0][13] == 1 and heat.values[0][13] == pytest.approx(0.2)
    assert sum(map(sum, heat.counts)) == 3  # the unmeasured post is not counted
    assert heat.best() == (0, 13)
    # The same posts in Tokyo land on other hours (and "b" on Tuesday 23:00).
    tokyo = best_time_heatmap(sample_posts(), ZoneInfo("Asia/Tokyo"))
    assert tokyo.counts[0][18] == 1 and tokyo.counts[1][23] == 1


def test_heatmap_averages_posts_in_one_cell() -> None:
    posts = sample_posts()
    twin = post("e", "x", "@three", T0 + timedelta(weeks=1), snap("e", "x", "@three", T0, 100, 30))
    heat = best_time_heatmap([posts[0], twin], ZoneInfo("UTC"))
    assert heat.counts[0][9] == 2
    assert heat.values[0][9] == pytest.approx((0.1 + 0.3) / 2)


def test_series_orders_points_by_time() -> None:
    s1 = snap("a", "tiktok", "@one", T0 + timedelta(hours=2), 200)
    s0 = snap("a", "tiktok", "@one", T0, 100)
    points = series([s1, s0], "views")
    later = (T0 + timedelta(hours=2)).timestamp() * 1000
    assert points == [(T0.timestamp() * 1000, 100), (later, 200)]


def test_dashboard_of_nothing_is_not_measured() -> None:
    empty = build_dashboard([], DateRange.all_time(), ZoneInfo("UTC"))
    assert not empty.measured and empty.heatmap.empty and empty.top == []
    full = build_dashboard(sample_posts(), DateRange.all_time(), ZoneInfo("UTC"), 7)
    assert full.measured and full.snapshot_count == 7
    assert full.last_polled_at == T0 + timedelta(days=3)
