"""Series benchmark: finding the cancels of a series' posts in a large outbox.

Run on demand (not part of the test suite)::

    .venv/bin/python tests/perf/bench_series_exceptions.py [--intents 20000] [--runs 9]

A workspace store gets ``--intents`` outbox rows (creates and cancels, a quarter of the cancels
halves of edits), then ``planning_repo.cancels_of_posts`` looks up 30 posts (a series' horizon),
as ``SeriesService.top_up`` does for each series at start-up and after each sync. It prints the
median in JSON. Measured (shared 2-core machine): 12.8 ms at 20,000 intents reading the whole
table; 0.25–1.8 ms with migration 0016's index on the cancels' target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from s200desk.store.database import Database  # noqa: E402
from s200desk.store.planning_repo import cancels_of_posts  # noqa: E402

STAMP = "2031-01-01T00:00:00.000Z"


def _fill(conn: object, intents: int) -> None:
    rows = []
    for n in range(intents):
        cancel = n % 2 == 1
        payload = json.dumps({"post_id": f"p{n}", "replacement": f"r{n}"})
        rows.append((
            uuid.uuid4().hex, "cancel" if cancel else "create", "done", "@bench", "x", payload,
            "g", "cancel_original" if n % 4 == 1 else None, "[]",
            f"p{n}" if cancel else None, None if cancel else f"q{n}", STAMP, STAMP,
        ))  # fmt: skip
    conn.executemany(  # type: ignore[attr-defined]
        "INSERT INTO outbox_intents (id, kind, state, account_id, platform, payload, group_id,"
        " role, depends_on, target_post_id, post_id, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


async def bench(intents: int, runs: int) -> dict[str, float]:
    db = Database.open(Path(tempfile.mkdtemp(prefix="s200-bench-series-")) / "b.sqlite3")
    try:
        await db.run(_fill, intents)
        posts = [f"p{n}" for n in range(1, 61, 2)]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            found = await cancels_of_posts(db, posts)
            times.append((time.perf_counter() - start) * 1000)
        assert len(found) == len(posts)
    finally:
        db.close()
    median = round(statistics.median(times), 3)
    return {"intents": intents, "posts": len(posts), "median_ms": median}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--intents", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(bench(args.intents, args.runs))))


if __name__ == "__main__":
    main()
