"""Engagement history: poll on a schedule, keep every answer, aggregate, export. Qt-free.

Start polling with ``EngagementPoller(client, db, bus=bus).run()`` as a kept task; read what the
view shows with ``load_dashboard`` / ``load_post_history``.
"""

from s200desk.services.analytics.aggregate import (
    Heatmap,
    TopPost,
    Totals,
    best_time_heatmap,
    engagement_rate,
    series,
    top_posts,
    totals,
    totals_by_platform,
    totals_by_profile,
)
from s200desk.services.analytics.dashboard import (
    Dashboard,
    DateRange,
    PostHistory,
    build_dashboard,
    load_dashboard,
    load_post_history,
)
from s200desk.services.analytics.export import (
    export_snapshots_csv,
    export_top_posts_csv,
    snapshots_csv_text,
)
from s200desk.services.analytics.poller import (
    ANALYTICS_CHANGED,
    EngagementPoller,
    PollerStatus,
    PollReport,
    due_posts,
    next_wakeup,
)
from s200desk.services.analytics.schedule import PollSchedule
from s200desk.store.analytics_repo import METRICS, AnalyticsRepo, PostMetrics, Snapshot

__all__ = [
    "ANALYTICS_CHANGED",
    "METRICS",
    "AnalyticsRepo",
    "Dashboard",
    "DateRange",
    "EngagementPoller",
    "Heatmap",
    "PollReport",
    "PollSchedule",
    "PollerStatus",
    "PostHistory",
    "PostMetrics",
    "Snapshot",
    "TopPost",
    "Totals",
    "best_time_heatmap",
    "build_dashboard",
    "due_posts",
    "engagement_rate",
    "export_snapshots_csv",
    "export_top_posts_csv",
    "load_dashboard",
    "load_post_history",
    "next_wakeup",
    "series",
    "snapshots_csv_text",
    "top_posts",
    "totals",
    "totals_by_platform",
    "totals_by_profile",
]
