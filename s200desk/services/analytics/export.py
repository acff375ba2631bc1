"""Snapshots and top posts as CSV (UTF-8, header row, ISO-8601 UTC times with ``Z``).

Text cells come from the server and from whoever wrote the caption, and a spreadsheet runs a cell
that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(…)`` is one click from a
phishing page). Such cells get a leading ``'`` (OWASP's CSV-injection advice): the spreadsheet shows
the text, runs nothing, and no character of the caption is lost.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from s200desk.services.analytics.aggregate import TopPost
from s200desk.store.analytics_repo import METRICS, Snapshot
from s200desk.store.timefmt import to_utc_iso

SNAPSHOT_HEADER = ("post_id", "platform", "account_id", "polled_at", *METRICS)
TOP_POSTS_HEADER = (
    "post_id", "platform", "account_id", "published_at", *METRICS, "engagement_rate", "caption",
)


# Starts a formula in Excel, LibreOffice or Google Sheets (tab and CR: OWASP's list too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet will show it, never run it: text that starts a formula gets '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write_rows(handle: TextIO, header: Iterable[str], rows: Iterable[Iterable[object]]) -> int:
    writer = csv.writer(handle)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        count += 1
    return count


def write_csv(path: Path | str, header: Iterable[str], rows: Iterable[Iterable[object]]) -> int:
    """Rows under ``header`` into ``path``, every cell made safe; returns the rows written."""
    target = Path(path)
    # Write a new, exclusively created file next to the target and rename it over the target, so a
    # failed export never leaves half a file behind and a planted symlink is never written through.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = _write_rows(handle, header, rows)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def snapshot_rows(snapshots: Iterable[Snapshot]) -> Iterable[list[object]]:
    for s in snapshots:
        yield [s.post_id, s.platform, s.account_id, to_utc_iso(s.polled_at),
               *(s.metric(m) for m in METRICS)]


def export_snapshots_csv(snapshots: Iterable[Snapshot], path: Path | str) -> int:
    """Write one row per snapshot; returns the number of rows (header not counted)."""
    return write_csv(path, SNAPSHOT_HEADER, snapshot_rows(snapshots))


def export_top_posts_csv(rows: Iterable[TopPost], path: Path | str) -> int:
    """Write the top-posts table as shown; returns the number of rows."""
    return write_csv(
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
    _write_rows(buffer, SNAPSHOT_HEADER, snapshot_rows(snapshots))
    return buffer.getvalue()
