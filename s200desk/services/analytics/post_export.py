"""The analytics as a spreadsheet reads them: one row per post, its latest numbers.

The snapshot export (``export.py``) is the raw history, one row per reading; this is the table a
person opens first: what was posted where, when, and how it did. Times are UTC ISO-8601 (``Z``)
like every export; the caption is the post's own text, kept as text by a spreadsheet (a cell
that would start a formula gets a leading ``'``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from s200desk.services.analytics.aggregate import engagement_rate
from s200desk.services.analytics.export import write_csv
from s200desk.services.platform_names import platform_name
from s200desk.store.analytics_repo import METRICS, PostMetrics
from s200desk.store.timefmt import to_utc_iso

POSTS_HEADER = (
    "caption", "platform", "profile", "account_id", "published_at", *METRICS,
    "engagement_rate", "last_polled_at", "readings", "post_id",
)
def post_rows(
    posts: Iterable[PostMetrics], profile_names: Mapping[tuple[str, str], str] | None = None
) -> list[list[object]]:
    """One row per post, newest first; a post never measured has empty numbers, not zeros."""
    names = profile_names or {}
    rows: list[list[object]] = []
    for p in sorted(posts, key=lambda p: p.published_at, reverse=True):
        latest = p.latest
        numbers: list[object] = [latest.metric(m) for m in METRICS] if latest else [""] * len(
            METRICS)
        rate = engagement_rate(latest.views, latest.interactions) if latest else None
        rows.append([
            " ".join(p.caption.split()),
            platform_name(p.platform),
            names.get((p.platform, p.account_id), ""),
            p.account_id,
            to_utc_iso(p.published_at),
            *numbers,
            "" if rate is None else f"{rate:.6f}",
            to_utc_iso(latest.polled_at) if latest else "",
            p.readings,
            p.post_id,
        ])
    return rows


def export_posts_csv(
    posts: Iterable[PostMetrics],
    path: Path | str,
    profile_names: Mapping[tuple[str, str], str] | None = None,
) -> int:
    """Write one row per post with its latest numbers; returns the rows written (no header).
    Formula-like text is kept as text and the file is replaced whole (``export.write_csv``)."""
    return write_csv(path, POSTS_HEADER, post_rows(posts, profile_names))
