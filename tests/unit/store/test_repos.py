"""Repositories: profiles/platforms replace, post upsert and filters, sync state, 10,000 rows."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from s200desk.store import (
    Database,
    PlatformsRepo,
    PostFilter,
    PostsRepo,
    ProfilesRepo,
    SyncStateRepo,
    to_utc_iso,
)

# Fixed dates here are data (parsed, stored, compared with each other), never compared with the
# real clock: this file passes at any date (checked with faketime -3y, +400d and +10y).

T0 = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "cache.sqlite3")
    yield database
    await database.aclose()


def make_post(n: int, **over: Any) -> dict[str, Any]:
    platform = ("tiktok", "instagram", "x", "youtube")[n % 4]
    status = ("published", "scheduled", "failed", "pending")[n % 4 if n % 3 else 0]
    post: dict[str, Any] = {
        "id": f"post-{n:05d}",
        "platform": platform,
        "account_id": f"@acct{n % 3}",
        "caption": f"Caption number {n} #tag{n % 10}",
        "status": status,
        "platform_post_id": f"pp{n}" if status == "published" else None,
        "created_at": (T0 - timedelta(hours=n)).isoformat().replace("+00:00", "Z"),
        "published_at": (T0 - timedelta(hours=n) + timedelta(seconds=5)).isoformat()
        if status == "published"
        else None,
        "scheduled_for": (T0 + timedelta(hours=n)).isoformat() if status == "scheduled" else None,
        "media": [{"file_id": f"f{n}", "type": "video/mp4", "size": 1000 + n}],
        "platform_options": {"privacyLevel": "PUBLIC_TO_EVERYONE"} if platform == "tiktok" else {},
    }
    post.update(over)
    return post


def test_time_format_is_fixed_width_utc() -> None:
    assert to_utc_iso("2026-04-15T10:30:05Z") == "2026-04-15T10:30:05.000Z"
    assert to_utc_iso("2026-04-15T12:30:05.123456+02:00") == "2026-04-15T10:30:05.123Z"
    assert to_utc_iso(datetime(2026, 1, 1)) == "2026-01-01T00:00:00.000Z"
    assert to_utc_iso(None) is None


async def test_profiles_and_platforms_replace_all(db: Database) -> None:
    profiles = ProfilesRepo(db)
    changed, removed = await profiles.replace_all(
        [
            {
                "account_id": "@a",
                "platform": "tiktok",
                "display_name": "A",
                "status": "active",
                "connected_at": "2026-03-01T12:00:00Z",
            },
            {
                "account_id": "@a",
                "platform": "instagram",
                "display_name": "A ig",
                "status": "disconnected",
                "connected_at": None,
            },
        ]
    )
    assert sorted(changed) == [("instagram", "@a"), ("tiktok", "@a")] and removed == []
    changed, removed = await profiles.replace_all(
        [
            {
                "account_id": "@a",
                "platform": "tiktok",
                "display_name": "A",
                "status": "active",
                "connected_at": "2026-03-01T12:00:00Z",
            }
        ]
    )
    assert changed == [] and removed == [("instagram", "@a")]
    (only,) = await profiles.list()
    assert only.connected_at == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert await profiles.get("tiktok", "@a") == only

    platforms = PlatformsRepo(db)
    await platforms.replace_all(
        [
            {
                "id": "tiktok",
                "name": "TikTok",
                "media_types": ["video", "photo_slideshow"],
                "max_caption_length": 4000,
                "max_video_size_mb": 287,
                "max_image_size_mb": 20,
            }
        ]
    )
    tiktok = await platforms.get("tiktok")
    assert tiktok is not None and tiktok.media_types == ["video", "photo_slideshow"]
    assert tiktok.max_caption_length == 4000


async def test_upsert_get_and_changed_ids(db: Database) -> None:
    posts = PostsRepo(db)
    assert await posts.upsert_many([make_post(1), make_post(2)]) == ["post-00001", "post-00002"]
    assert await posts.upsert_many([make_post(1), make_post(2)]) == []  # nothing changed
    assert await posts.upsert_many([make_post(1, caption="edited")]) == ["post-00001"]
    stored = await posts.get("post-00001")
    assert stored is not None and stored.caption == "edited"
    assert stored.raw is not None and stored.raw["caption"] == "edited"
    assert stored.media == [{"file_id": "f1", "type": "video/mp4", "size": 1001}]
    assert stored.created_at == T0 - timedelta(hours=1)
    assert await posts.get("nope") is None


async def test_mark_status(db: Database) -> None:
    posts = PostsRepo(db)
    await posts.upsert_many(
        [make_post(4, status="scheduled", scheduled_for="2026-06-01T09:00:00Z")]
    )
    assert await posts.mark_status("post-00004", "cancelled") is True
    stored = await posts.get("post-00004")
    assert stored is not None and stored.status == "cancelled" and stored.raw
    assert stored.raw["status"] == "cancelled"
    assert await posts.mark_status("missing", "cancelled") is False


async def test_query_filters(db: Database) -> None:
    posts = PostsRepo(db)
    all_posts = [make_post(n) for n in range(40)]
    all_posts.append(make_post(99, caption="100% off_sale", platform="x", status="published"))
    await posts.upsert_many(all_posts)

    def ids(found: list[Any]) -> set[str]:
        return {p.id for p in found}

    def expect(pred: Any) -> set[str]:
        return {p["id"] for p in all_posts if pred(p)}

    assert await posts.count() == 41
    got = await posts.query(PostFilter(platforms=["tiktok", "x"]))
    assert ids(got) == expect(lambda p: p["platform"] in {"tiktok", "x"})
    got = await posts.query(PostFilter(statuses=["scheduled"]))
    assert ids(got) == expect(lambda p: p["status"] == "scheduled")
    got = await posts.query(PostFilter(account_ids=["@acct1"], statuses=["published"]))
    assert ids(got) == expect(lambda p: p["account_id"] == "@acct1" and p["status"] == "published")
    got = await posts.query(PostFilter(profiles=[("x", "@acct0")]))
    assert ids(got) == expect(lambda p: p["platform"] == "x" and p["account_id"] == "@acct0")
    # Text search is case-insensitive and treats % and _ literally.
    assert ids(await posts.query(PostFilter(text="CAPTION NUMBER 7 "))) == {"post-00007"}
    assert ids(await posts.query(PostFilter(text="100% off_"))) == {"post-00099"}
    assert await posts.query(PostFilter(text="%")) != []
    assert ids(await posts.query(PostFilter(text="0%"))) == {"post-00099"}
    # since/until bound the post's moment: scheduled, else published, else created.
    since, until = T0 - timedelta(hours=10), T0 + timedelta(hours=10)
    got = await posts.query(PostFilter(since=since, until=until))
    when = {p.id: p.when for p in await posts.query()}
    assert ids(got) == {i for i, w in when.items() if w is not None and since <= w < until}
    assert got  # the window is not empty
    # Ordering, limit and offset.
    desc = await posts.query(PostFilter())
    moments = [p.when for p in desc]
    assert moments == sorted(moments, reverse=True)  # type: ignore[type-var]
    page = await posts.query(PostFilter(limit=5, offset=5))
    assert [p.id for p in page] == [p.id for p in desc[5:10]]
    asc = await posts.query(PostFilter(order="asc", limit=3))
    assert [p.id for p in asc] == [p.id for p in reversed(desc)][:3]
    assert await posts.count(PostFilter(platforms=["youtube"])) == len(
        expect(lambda p: p["platform"] == "youtube")
    )


async def test_prune_keeps_rows_written_after_the_mark(db: Database) -> None:
    posts = PostsRepo(db)
    await posts.upsert_many([make_post(1), make_post(2)])
    mark = await posts.write_mark()
    await posts.upsert_many([make_post(2)])
    assert await posts.prune_not_upserted_since(mark) == ["post-00001"]
    assert await posts.ids() == {"post-00002"}


async def test_sync_state(db: Database) -> None:
    state = SyncStateRepo(db)
    await state.record_attempt("posts")
    await state.record_error("posts", "offline", "no network")
    s = await state.get("posts")
    assert s is not None and s.last_error_kind == "offline" and s.last_success_at is None
    await state.record_success("posts", 12)
    s = await state.get("posts")
    assert s is not None and s.last_error is None and s.item_count == 12
    assert s.last_success_at is not None and s.last_attempt_at is not None
    assert set(await state.all()) == {"posts"}


async def test_upsert_ten_thousand_rows(db: Database) -> None:
    posts = PostsRepo(db)
    rows = [make_post(n) for n in range(10_000)]
    started = time.perf_counter()
    changed = await posts.upsert_many(rows)
    first = time.perf_counter() - started
    started = time.perf_counter()
    assert await posts.upsert_many(rows) == []
    second = time.perf_counter() - started
    print(f"10,000-row upsert: insert {first * 1000:.0f} ms, re-upsert {second * 1000:.0f} ms")
    assert len(changed) == 10_000
    assert await posts.count() == 10_000
    # Generous bound for a shared CI core; measured figures go in the report.
    assert first < 10.0
    started = time.perf_counter()
    found = await posts.query(PostFilter(statuses=["scheduled"], text="#tag3"))
    print(f"filtered query over 10,000 rows: {(time.perf_counter() - started) * 1000:.1f} ms")
    assert found
