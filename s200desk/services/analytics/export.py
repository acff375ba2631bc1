"""Snapshots and top posts as CSV (UTF-8, header row, ISO-8601 UTC times with ``Z``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from s200desk.services.analytics.aggregate import TopPost
from s200desk.store.analytics_repo import METRICS, Snapshot
from s200desk.store.timefmt import to_utc_iso

SNAPSHOT_HEADER = ("post_id", "platform", "account_id", "polled_at", *METRICS)
TOP_POSTS_HEADER = (
    "post_id", "platform", "account_id", "published_at", *METRICS, "engagement_rate", "caption",
)


def _write(path: Path | str, header: Iterable[str], rows: Iterable[Iterable[object]]) -> int:
    target = Path(path)
    count = 0
    # Write next to the target and rename, so a failed export never leaves half a file behind.
    tmp = target.with_name(target.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    tmp.replace(target)
    return count


def snapshot_rows(snapshots: Iterable[Snapshot]) -> Iterable[list[object]]:
    for s in snapshots:
        yield [s.post_id, s.platform, s.account_id, to_utc_iso(s.polled_at),
               *(s.metric(m) for m in METRICS)]


def export_snapshots_csv(snapshots: Iterable[Snapshot], path: Path | str) -> int:
    """Write one row per snapshot; returns the number of rows (header not counted)."""
    return _write(path, SNAPSHOT_HEADER, snapshot_rows(snapshots))


def export_top_posts_csv(rows: Iterable[TopPost], path: Path | str) -> int:
    """Write the top-posts table as shown; returns the number of rows."""
    return _write(
        path,
        TOP_POSTS_HEADER,
        (
            [r.post_id, r.platform, r.account_id, to_utc_iso(r.published_at), r.views, r.likes,
             r.comments, r.shares, r.saves,
             "" if r.engagement_rate is None else f"{r.engagement_rate:.6f}", r.caption]
            for r in rows
        ),
    )


def snapshots_csv_text(snapshots: Iterable[Snapshot]) -> str:
    """The same CSV as a string (for the clipboard and tests)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SNAPSHOT_HEADER)
    writer.writerows(snapshot_rows(snapshots))
    return buffer.getvalue()
