"""Numbers the Analytics view shows, computed from posts and their snapshots. Pure functions.

Decisions:

* "Totals over a range" are the latest known numbers of the posts *published* in that range
  (how did last week's posts do), not the growth during the range.
* Engagement rate = (likes + comments + shares + saves) / views. Over many posts it is the sum of
  interactions over the sum of views (big posts weigh more), None when there are no views.
* The best-time heatmap buckets posts by the weekday and hour of their publish time in the
  user's zone and shows the mean engagement rate of the posts in each cell (posts without views
  are left out); weekday 0 is Monday.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from s200desk.store.analytics_repo import METRICS, PostMetrics, Snapshot


@dataclass
class Totals:
    """Summed counters of a group of posts."""

    posts: int = 0
    measured: int = 0  # posts with at least one snapshot
    views: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    saves: int = 0

    @property
    def interactions(self) -> int:
        return self.likes + self.comments + self.shares + self.saves

    @property
    def engagement_rate(self) -> float | None:
        return engagement_rate(self.views, self.interactions)

    def metric(self, name: str) -> float | None:
        if name == "engagement_rate":
            return self.engagement_rate
        if name not in METRICS:
            raise KeyError(name)
        return float(getattr(self, name))

    def add(self, post: PostMetrics) -> None:
        self.posts += 1
        s = post.latest
        if s is None:
            return
        self.measured += 1
        self.views += s.views
        self.likes += s.likes
        self.comments += s.comments
        self.shares += s.shares
        self.saves += s.saves


def engagement_rate(views: int, interactions: int) -> float | None:
    """Interactions per view; None without views."""
    return interactions / views if views > 0 else None


def totals(posts: Iterable[PostMetrics]) -> Totals:
    result = Totals()
    for post in posts:
        result.add(post)
    return result


def totals_by(
    posts: Iterable[PostMetrics], key: Callable[[PostMetrics], str]
) -> dict[str, Totals]:
    """Totals per group, groups sorted by name."""
    groups: dict[str, Totals] = defaultdict(Totals)
    for post in posts:
        groups[key(post)].add(post)
    return dict(sorted(groups.items()))


def totals_by_platform(posts: Iterable[PostMetrics]) -> dict[str, Totals]:
    return totals_by(posts, lambda p: p.platform)


def profile_key(post: PostMetrics) -> str:
    """A profile as people read it: "tiktok · @handle"."""
    return f"{post.platform} · {post.account_id}"


def totals_by_profile(posts: Iterable[PostMetrics]) -> dict[str, Totals]:
    return totals_by(posts, profile_key)


SORT_KEYS = (*METRICS, "engagement_rate", "published_at")


@dataclass(frozen=True)
class TopPost:
    """A row of the top-posts table."""

    post_id: str
    platform: str
    account_id: str
    caption: str
    published_at: datetime
    views: int
    likes: int
    comments: int
    shares: int
    saves: int
    engagement_rate: float | None
    readings: int = 0
    # Whether the history covers the post's start (first reading within two hours of publishing).
    seen_young: bool = False


def top_posts(
    posts: Iterable[PostMetrics], by: str = "views", limit: int | None = 50
) -> list[TopPost]:
    """Measured posts, best first by ``by`` (a metric, "engagement_rate" or "published_at")."""
    if by not in SORT_KEYS:
        raise KeyError(by)
    rows = [
        TopPost(
            post_id=p.post_id,
            platform=p.platform,
            account_id=p.account_id,
            caption=p.caption,
            published_at=p.published_at,
            views=p.latest.views,
            likes=p.latest.likes,
            comments=p.latest.comments,
            shares=p.latest.shares,
            saves=p.latest.saves,
            engagement_rate=engagement_rate(p.latest.views, p.latest.interactions),
            readings=p.readings,
            seen_young=p.first_polled_at is not None
            and p.first_polled_at - p.published_at <= timedelta(hours=2),
        )
        for p in posts
        if p.latest is not None
    ]

    def value(row: TopPost) -> tuple[int, object, str]:
        v = getattr(row, by)
        # None sorts last; ties broken by id so the order is stable.
        return (0 if v is None else 1, v if v is not None else 0, row.post_id)

    rows.sort(key=lambda r: r.post_id)
    rows.sort(key=lambda r: (value(r)[0], value(r)[1]), reverse=True)
    return rows if limit is None else rows[:limit]


@dataclass
class Heatmap:
    """Mean engagement rate per (weekday, hour) in the user's zone; weekday 0 is Monday."""

    values: list[list[float | None]] = field(
        default_factory=lambda: [[None] * 24 for _ in range(7)]
    )
    counts: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])

    @property
    def empty(self) -> bool:
        return not any(any(row) for row in self.counts)

    def best(self) -> tuple[int, int] | None:
        """The (weekday, hour) with the highest mean, if any cell has data."""
        cells = [
            (v, d, h)
            for d, row in enumerate(self.values)
            for h, v in enumerate(row)
            if v is not None
        ]
        if not cells:
            return None
        _, d, h = max(cells)
        return d, h


def best_time_heatmap(posts: Iterable[PostMetrics], zone: tzinfo) -> Heatmap:
    sums = [[0.0] * 24 for _ in range(7)]
    heat = Heatmap()
    for post in posts:
        s = post.latest
        if s is None:
            continue
        rate = engagement_rate(s.views, s.interactions)
        if rate is None:
            continue
        local = post.published_at.astimezone(zone)
        d, h = local.weekday(), local.hour
        sums[d][h] += rate
        heat.counts[d][h] += 1
    for d in range(7):
        for h in range(24):
            if heat.counts[d][h]:
                heat.values[d][h] = sums[d][h] / heat.counts[d][h]
    return heat


def series(snapshots: Sequence[Snapshot], metric: str) -> list[tuple[float, int]]:
    """(epoch milliseconds, value) points of one post's metric, oldest first."""
    if metric not in METRICS:
        raise KeyError(metric)
    ordered = sorted(snapshots, key=lambda s: s.polled_at)
    return [(s.polled_at.timestamp() * 1000.0, s.metric(metric)) for s in ordered]
