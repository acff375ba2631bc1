"""AnalyticsRepo on a real SQLite file, and CSV export read back."""

from __future__ import annotations

# Fixed dates here are data (stored, exported, read back), never compared with the real clock:
# this file passes at any date (checked with faketime +400d, +3y and +10y).
import csv
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from s200desk.services.analytics import (
    export_snapshots_csv,
    export_top_posts_csv,
    load_dashboard,
    load_post_history,
    snapshots_csv_text,
    top_posts,
)
from s200desk.services.analytics.dashboard import DateRange
from s200desk.store import Database, PostsRepo
from s200desk.store.analytics_repo import AnalyticsRepo, PollState

from .samples import T0, snap


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "cache.sqlite3")
    yield database
    await database.aclose()


def api_post(post_id: str, platform: str, account: str, published_hours: float | None,
             status: str = "published") -> dict[str, Any]:
    published = T0 + timedelta(hours=published_hours) if published_hours is not None else None
    return {
        "id": post_id, "platform": platform, "account_id": account, "caption": f"cap {post_id}",
        "status": status, "created_at": T0 - timedelta(days=1), "published_at": published,
        "scheduled_for": None, "media": [], "platform_options": {},
    }


async def seed(db: Database) -> AnalyticsRepo:
    await PostsRepo(db).upsert_many([
        api_post("p1", "tiktok", "@one", 0),
        api_post("p2", "instagram", "@two", 30),
        api_post("p3", "x", "@three", None, status="scheduled"),
    ])
    repo = AnalyticsRepo(db)
    added = await repo.add_snapshots([
        snap("p1", "tiktok", "@one", T0 + timedelta(hours=1), 100, 5),
        snap("p1", "tiktok", "@one", T0 + timedelta(hours=2), 250, 12, 1, 2, 3),
        snap("p2", "instagram", "@two", T0 + timedelta(hours=31), 40, 4),
    ])
    assert added == 3
    return repo


async def test_snapshots_are_kept_once_per_measurement(db: Database) -> None:
    repo = await seed(db)
    again = await repo.add_snapshots([snap("p1", "tiktok", "@one", T0 + timedelta(hours=2), 999)])
    assert again == 0
    assert await repo.count() == 3
    history = await repo.series("p1")
    assert [s.views for s in history] == [100, 250]
    latest = await repo.latest()
    assert latest["p1"].views == 250 and latest["p1"].saves == 3
    assert set(await repo.latest(["p2"])) == {"p2"}
    # A reading older than the newest one (arriving late) does not become "latest".
    assert await repo.add_snapshots([snap("p1", "tiktok", "@one", T0 + timedelta(minutes=30), 50)])
    assert (await repo.latest(["p1"]))["p1"].views == 250
    assert await repo.count() == 4
    metrics = {m.post_id: m for m in await repo.post_metrics()}
    assert metrics["p1"].readings == 3
    assert metrics["p1"].first_polled_at == T0 + timedelta(minutes=30)
    window = await repo.snapshots(since=T0 + timedelta(hours=2), until=T0 + timedelta(hours=31))
    assert [(s.post_id, s.views) for s in window] == [("p1", 250)]


async def test_post_metrics_joins_latest_snapshot_and_filters_by_publish_time(
    db: Database,
) -> None:
    repo = await seed(db)
    everything = await repo.post_metrics()
    assert [p.post_id for p in everything] == ["p2", "p1"]  # published only, newest first
    assert everything[1].latest is not None and everything[1].latest.views == 250
    recent = await repo.post_metrics(since=T0 + timedelta(hours=1))
    assert [p.post_id for p in recent] == ["p2"]


async def test_candidates_and_poll_state_round_trip(db: Database) -> None:
    repo = await seed(db)
    cands = await repo.candidates()
    assert [c.post_id for c in cands] == ["p2", "p1"]
    assert all(c.state is None for c in cands)
    due = T0 + timedelta(hours=5)
    await repo.save_poll_states([PollState("p1", due, T0, T0, "ok", 0, None)])
    await repo.save_poll_states([PollState("p1", due, T0, T0, "error", 2, "boom")])
    states = await repo.poll_states()
    assert states["p1"].failures == 2 and states["p1"].last_error == "boom"
    assert states["p1"].next_due_at == due
    assert await repo.next_due_at() == due


async def test_dashboard_and_history_from_the_store(db: Database) -> None:
    from zoneinfo import ZoneInfo

    await seed(db)
    board = await load_dashboard(db, DateRange.all_time(), ZoneInfo("UTC"))
    assert board.totals.views == 290 and board.snapshot_count == 3
    assert set(board.by_platform) == {"tiktok", "instagram"}
    history = await load_post_history(db, "p1")
    assert history.caption == "cap p1" and [s.views for s in history.snapshots] == [100, 250]


async def test_csv_export_holds_every_snapshot(db: Database, tmp_path: Path) -> None:
    repo = await seed(db)
    target = tmp_path / "out.csv"
    assert export_snapshots_csv(await repo.snapshots(), target) == 3
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["post_id"], r["polled_at"], r["views"]) for r in rows] == [
        ("p1", "2026-05-04T10:00:00.000Z", "100"),
        ("p1", "2026-05-04T11:00:00.000Z", "250"),
        ("p2", "2026-05-05T16:00:00.000Z", "40"),
    ]
    assert rows[1]["saves"] == "3" and rows[2]["platform"] == "instagram"
    assert not (tmp_path / "out.csv.part").exists()
    assert snapshots_csv_text(await repo.snapshots()).splitlines()[0].startswith("post_id,")


async def test_top_posts_csv(db: Database, tmp_path: Path) -> None:
    repo = await seed(db)
    rows = top_posts(await repo.post_metrics(), "views")
    target = tmp_path / "top.csv"
    assert export_top_posts_csv(rows, target) == 2
    with target.open(encoding="utf-8", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert [r["post_id"] for r in read] == ["p1", "p2"]
    assert float(read[0]["engagement_rate"]) == pytest.approx(18 / 250)
