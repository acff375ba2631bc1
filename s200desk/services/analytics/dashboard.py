"""Everything the Analytics view shows for one date range, read from the store in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from s200desk.services.analytics.aggregate import (
    Heatmap,
    TopPost,
    Totals,
    best_time_heatmap,
    top_posts,
    totals,
    totals_by_platform,
    totals_by_profile,
)
from s200desk.store.analytics_repo import AnalyticsRepo, PostMetrics, Snapshot
from s200desk.store.database import Database


@dataclass(frozen=True)
class DateRange:
    """Posts published ``since <= t < until``; None on either side is open."""

    since: datetime | None = None
    until: datetime | None = None
    label: str = "All time"

    @classmethod
    def last_days(cls, days: int, now: datetime | None = None) -> DateRange:
        end = now or datetime.now(UTC)
        return cls(end - timedelta(days=days), None, f"Last {days} days")

    @classmethod
    def all_time(cls) -> DateRange:
        return cls(None, None, "All time")


@dataclass
class Dashboard:
    """The numbers of one range. ``posts`` are the published posts, measured or not."""

    range: DateRange
    posts: list[PostMetrics] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    by_platform: dict[str, Totals] = field(default_factory=dict)
    by_profile: dict[str, Totals] = field(default_factory=dict)
    top: list[TopPost] = field(default_factory=list)
    heatmap: Heatmap = field(default_factory=Heatmap)
    snapshot_count: int = 0
    last_polled_at: datetime | None = None

    @property
    def measured(self) -> bool:
        """Whether any post in range has numbers (else the view shows its empty state)."""
        return self.totals.measured > 0


def build_dashboard(
    posts: list[PostMetrics], date_range: DateRange, zone: tzinfo, snapshot_count: int = 0
) -> Dashboard:
    """The dashboard of already-loaded posts (pure; the UI tests build them by hand)."""
    polled = [p.latest.polled_at for p in posts if p.latest is not None]
    return Dashboard(
        range=date_range,
        posts=posts,
        totals=totals(posts),
        by_platform=totals_by_platform(posts),
        by_profile=totals_by_profile(posts),
        top=top_posts(posts, "views", limit=None),
        heatmap=best_time_heatmap(posts, zone),
        snapshot_count=snapshot_count,
        last_polled_at=max(polled) if polled else None,
    )


async def load_dashboard(db: Database, date_range: DateRange, zone: tzinfo) -> Dashboard:
    repo = AnalyticsRepo(db)
    posts = await repo.post_metrics(date_range.since, date_range.until)
    return build_dashboard(posts, date_range, zone, await repo.count())


@dataclass
class PostHistory:
    """One post's snapshots, oldest first, with what is known about the post."""

    post_id: str
    caption: str
    platform: str
    account_id: str
    snapshots: list[Snapshot]


async def load_post_history(db: Database, post_id: str) -> PostHistory:
    repo = AnalyticsRepo(db)
    snapshots = await repo.series(post_id)

    def _post(conn: object) -> tuple[str, str, str] | None:
        row = conn.execute(  # type: ignore[attr-defined]
            "SELECT caption, platform, account_id FROM posts WHERE id = ?", (post_id,)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    found = await db.run(_post)
    if found is None and snapshots:
        found = ("", snapshots[-1].platform, snapshots[-1].account_id)
    caption, platform, account = found or ("", "", "")
    return PostHistory(post_id, caption, platform, account, snapshots)
