"""Hand-made posts and snapshots for the analytics tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from s200desk.store.analytics_repo import PostMetrics, Snapshot

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC


def snap(post_id: str, platform: str, account: str, at: datetime, views: int, likes: int = 0,
         comments: int = 0, shares: int = 0, saves: int = 0) -> Snapshot:
    return Snapshot(post_id, platform, account, at, views, likes, comments, shares, saves)


def post(post_id: str, platform: str, account: str, published: datetime,
         latest: Snapshot | None, caption: str = "") -> PostMetrics:
    return PostMetrics(post_id, platform, account, caption or f"caption {post_id}", published,
                       latest)


def sample_posts() -> list[PostMetrics]:
    """Four posts: two TikTok (one profile), one Instagram, one never measured."""
    later = T0 + timedelta(days=3)
    return [
        post("a", "tiktok", "@one", T0, snap("a", "tiktok", "@one", later, 1000, 50, 10, 20, 20)),
        post("b", "tiktok", "@one", T0 + timedelta(days=1, hours=5),
             snap("b", "tiktok", "@one", later, 3000, 60, 0, 0, 0)),
        post("c", "instagram", "@two", T0 + timedelta(hours=2),
             snap("c", "instagram", "@two", later, 500, 100, 0, 0, 0)),
        post("d", "instagram", "@two", T0 + timedelta(days=2), None),
    ]
