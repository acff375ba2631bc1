"""The store keeps a post's full read (GET by id) through later listings, and one 'when' rule."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from s200desk.store import Database, PostFilter, PostsRepo

LISTED = {
    "id": "p1", "platform": "youtube", "account_id": "@me", "caption": "teaser",
    "status": "scheduled", "created_at": "2030-01-01T10:00:00Z",
    "scheduled_for": "2030-01-07T09:00:00Z", "published_at": None,
}
FULL = {**LISTED, "media": [{"file_id": "f1", "type": "video/mp4", "size": 10}],
        "platform_options": {"title": "Spring", "visibility": "unlisted"}}


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_a_listing_never_wipes_the_details(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "s.sqlite3")
    repo = PostsRepo(db)
    try:
        _run(repo.upsert_many([LISTED]))
        assert _run(repo.store_details(FULL)) is True
        assert _run(repo.upsert_many([LISTED])) == []  # nothing new: no change reported
        kept = _run(repo.get("p1"))
        assert kept is not None and kept.has_details
        assert kept.platform_options == FULL["platform_options"]
        assert [m["file_id"] for m in kept.media] == ["f1"]
        # The listing still brings what does change: the status.
        published = {**LISTED, "status": "published", "published_at": "2030-01-07T09:00:02Z"}
        assert _run(repo.upsert_many([published])) == ["p1"]
        kept = _run(repo.get("p1"))
        assert kept is not None and kept.status == "published"
        assert kept.platform_options == FULL["platform_options"]
    finally:
        db.close()


def test_a_late_post_sorts_on_the_day_it_went_out(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "s.sqlite3")
    repo = PostsRepo(db)
    try:
        late = {**LISTED, "status": "published", "scheduled_for": "2030-01-07T23:50:00Z",
                "published_at": "2030-01-08T00:15:00Z"}
        _run(repo.upsert_many([late]))
        from datetime import UTC, datetime

        on_8th = _run(repo.query(PostFilter(since=datetime(2030, 1, 8, tzinfo=UTC),
                                            until=datetime(2030, 1, 9, tzinfo=UTC))))
        assert [p.id for p in on_8th] == ["p1"]
        stored = _run(repo.get("p1"))
        assert stored is not None and stored.when == datetime(2030, 1, 8, 0, 15, tzinfo=UTC)
    finally:
        db.close()


def test_migration_0007_keeps_every_post_and_sorts_it_by_the_one_rule(tmp_path: Path) -> None:
    from s200desk.store.database import _apply_migrations, load_migrations

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    _apply_migrations(conn, [m for m in load_migrations() if m.version < 7])
    conn.execute(
        "INSERT INTO posts (id, platform, account_id, status, scheduled_for, published_at, raw)"
        " VALUES ('old', 'x', '@me', 'published', '2030-01-07T23:50:00.000Z',"
        " '2030-01-08T00:15:00.000Z', '{}')")
    before = conn.execute("SELECT sort_at FROM posts WHERE id = 'old'").fetchone()[0]
    conn.commit()
    conn.close()
    assert before == "2030-01-07T23:50:00.000Z"  # the old rule: scheduled first
    db = Database.open(path)
    try:
        row = db.call(lambda c: c.execute(
            "SELECT sort_at, details_at, status FROM posts WHERE id = 'old'").fetchone())
        assert tuple(row) == ("2030-01-08T00:15:00.000Z", None, "published")
        assert db.schema_version >= 7
    finally:
        db.close()
