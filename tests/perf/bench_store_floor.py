"""What storing 100,000 listed posts costs in CPU at the least, against the first sync's budget.

Run on demand (not part of the test suite)::

    .venv/bin/python tests/perf/bench_store_floor.py [--posts 100000] [--runs 3]

Issue 17 asks for a first sync of 100,000 posts within 1.3× the raw concurrent fetch of the same
pages. On a two-core machine the emulator's process and the fetching one keep both cores busy
during the raw fetch, so the store's work cannot hide behind it: whatever CPU the store spends
adds to the wall time, about half of it (two cores). This measures, on the database thread's
terms (``time.process_time`` while only the store's thread works, on connections the app's
``Database`` opens, with its settings), the floors under that work, with
the pages the emulator serves for ``--seed-posts N`` (as the scale benchmark's first sync gets
them; copies of fewer posts with new ids would repeat their times, and scatter the inserts):

- ``parse_python_s``: ``json.loads`` of every page (what the raw fetch also pays, as it decodes
  each body);
- ``stage_sqlite_s``: the app's staging statement (``store.post_json``) reading every post out of
  the page texts in SQLite;
- ``insert_prebuilt_s``: inserting the rows already built as tuples (no JSON work at all) into the
  app's ``posts`` table with its indexes, 3,000 a transaction, the search index deferred as the
  bulk first sync defers it;
- ``insert_prebuilt_no_indexes_s``: the same into the table without its secondary indexes (the
  views' filters and orders need them: docs/performance.md, "Views at 100,000 posts");
- ``app_bulk_write_s``: the app's own bulk write (``upsert_posts_json``, 30 pages a call).

Prints one JSON object; figures of record are in docs/performance.md ("Sync at 100,000 posts").
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "perf"))

from bench_scale import start_emulator  # noqa: E402

from s200desk.store import Database, post_search  # noqa: E402
from s200desk.store.post_json import (  # noqa: E402
    _COLUMNS,
    _CREATE_STAGE,
    _STAGE,
    _python_utc_iso,
    upsert_posts_json,
)
from s200desk.store.repos import BULK_CACHE_KIB  # noqa: E402
from s200desk.store.transactions import transaction  # noqa: E402

PAGE = 100
BATCH_PAGES = 30  # pages per write, as the bulk first sync writes them (3,000 posts)
SECONDARY_INDEXES = (
    "posts_sort_at", "posts_platform_sort", "posts_status_sort", "posts_account_sort",
    "posts_upsert_seq", "posts_list_order",
)  # fmt: skip


def served_pages(posts: int) -> list[str]:
    """Every page of the listing, newest first, as the first sync reads them."""
    proc, info = start_emulator(posts)
    try:
        headers = {"Authorization": f"Bearer {info['api_key']}"}
        with httpx.Client(base_url=info["base_url"], headers=headers, trust_env=False) as http:
            first = http.get("/api-posts", params={"limit": PAGE, "offset": 0})
            total = first.json()["total"]
            return [first.text] + [
                http.get("/api-posts", params={"limit": PAGE, "offset": o}).text
                for o in range(PAGE, total, PAGE)
            ]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def rows_of(pages: list[str]) -> list[tuple[Any, ...]]:
    rows = []
    for text in pages:
        for post in json.loads(text)["posts"]:
            raw = json.dumps(post, separators=(",", ":"), ensure_ascii=False)
            rows.append((
                post["id"], post["platform"], post.get("account_id") or "",
                post.get("caption") or "", post["status"], post.get("platform_post_id"),
                post.get("created_at"), post.get("published_at"), post.get("scheduled_for"),
                "[]", "{}", raw, 1,
            ))  # fmt: skip
    return rows


def bulk_store(folder: Path, drop_indexes: bool = False) -> Database:
    """A fresh store (every migration, the app's connection settings), set as the bulk first
    sync sets it (``PostsRepo.begin_bulk_write``)."""
    db = Database.open(folder / f"store-{uuid.uuid4().hex}.sqlite3")

    def prepare(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        post_search.defer(conn)
        for name in SECONDARY_INDEXES if drop_indexes else ():
            conn.execute(f"DROP INDEX IF EXISTS {name}")

    db.call(prepare)
    return db


def cpu_seconds(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def measure(pages: list[str], folder: Path) -> dict[str, float]:
    rows = rows_of(pages)
    insert = f"INSERT INTO posts ({_COLUMNS}, upsert_seq) VALUES ({', '.join('?' * 13)})"
    out: dict[str, float] = {}

    out["parse_python_s"] = cpu_seconds(lambda: [json.loads(t) for t in pages])

    stage = bulk_store(folder)

    def staging(conn: sqlite3.Connection) -> None:
        conn.create_function("s200_utc_iso", 1, _python_utc_iso, deterministic=True)
        conn.execute(_CREATE_STAGE)
        for text in pages:
            conn.execute(_STAGE, {"batch": f"[{text}]", "path": "$.posts"})

    out["stage_sqlite_s"] = cpu_seconds(lambda: stage.call(staging))
    stage.close()

    for key, drop in (("insert_prebuilt_s", False), ("insert_prebuilt_no_indexes_s", True)):
        db = bulk_store(folder, drop_indexes=drop)

        def write(conn: sqlite3.Connection) -> None:
            for i in range(0, len(rows), BATCH_PAGES * PAGE):
                with transaction(conn):
                    conn.executemany(insert, rows[i : i + BATCH_PAGES * PAGE])

        out[key] = cpu_seconds(lambda db=db, write=write: db.call(write))
        db.close()

    db = bulk_store(folder)

    def bulk_write(conn: sqlite3.Connection) -> None:
        for i in range(0, len(pages), BATCH_PAGES):
            upsert_posts_json(conn, pages[i : i + BATCH_PAGES], pages=True, mark_unchanged=False)

    out["app_bulk_write_s"] = cpu_seconds(lambda: db.call(bulk_write))
    db.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pages = served_pages(args.posts)
    runs = []
    with tempfile.TemporaryDirectory(prefix="s200-store-floor-") as tmp:
        for _ in range(args.runs):
            runs.append(measure(pages, Path(tmp)))
    report: dict[str, Any] = {"posts": sum(p.count('"id":') for p in pages), "runs": args.runs}
    report.update({key: statistics.median(r[key] for r in runs) for key in runs[0]})
    print(json.dumps(report, indent=2, default=float))


if __name__ == "__main__":
    main()
