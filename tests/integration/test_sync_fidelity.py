"""A sync of a few thousand posts stores every one exactly as the server lists it: each column,
and the post's JSON whole; a post read in full keeps its media and options through later syncs;
a quick sync after changes deep in the history finds them."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.services import sync
from s200desk.services.events import ChangeBus
from s200desk.services.sync import SyncService
from s200desk.store import Database, PostsRepo, to_utc_iso

POSTS = 3_000


def _listing(server: Any) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    posts: list[dict[str, Any]] = []
    with httpx.Client(base_url=server.base_url, headers=headers, trust_env=False) as http:
        while True:
            page = http.get("/api-posts", params={"limit": 100, "offset": len(posts)}).json()
            posts.extend(page["posts"])
            if len(posts) >= page["total"]:
                return posts


def _iso(value: Any) -> str | None:
    return to_utc_iso(value) if value else None


def _columns(conn: Any) -> dict[str, dict[str, Any]]:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples, without changing the connection's
    rows = cursor.execute(
        "SELECT id, platform, account_id, caption, status, platform_post_id, created_at,"
        " published_at, scheduled_for, media, platform_options, raw, details_at FROM posts"
    ).fetchall()
    keys = ("id", "platform", "account_id", "caption", "status", "platform_post_id",
            "created_at", "published_at", "scheduled_for", "media", "platform_options", "raw",
            "details_at")  # fmt: skip
    return {r[0]: dict(zip(keys, r, strict=True)) for r in rows}


def _expected(post: dict[str, Any]) -> dict[str, Any]:
    """The row the store should hold for a post as the server listed it."""
    return {
        "id": post["id"],
        "platform": post["platform"],
        "account_id": post.get("account_id") or "",
        "caption": post.get("caption") or "",
        "status": post["status"],
        "platform_post_id": post.get("platform_post_id"),
        "created_at": _iso(post.get("created_at")),
        "published_at": _iso(post.get("published_at")),
        "scheduled_for": _iso(post.get("scheduled_for")),
        "media": post.get("media") or [],
        "platform_options": post.get("platform_options") or {},
        "raw": post,
    }


def _as_stored(row: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(row)
    for key in ("media", "platform_options", "raw"):
        decoded[key] = json.loads(row[key])
    del decoded["details_at"]
    return decoded


@pytest.mark.parametrize("bulk", [False, True], ids=["page by page", "in bulk"])
async def test_every_post_is_stored_as_the_server_lists_it(
    emulator: Any, db: Database, bulk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_writes: list[bool] = []
    if bulk:  # a first sync of this size is written page by page; from 1,000 new posts in bulk
        monkeypatch.setattr(sync, "BULK_POSTS", 1_000)
        original = PostsRepo.begin_bulk_write

        async def spy(self: PostsRepo) -> bool:
            bulk_writes.append(await original(self))
            return bulk_writes[-1]

        monkeypatch.setattr(PostsRepo, "begin_bulk_write", spy)
    with httpx.Client(base_url=emulator.site_url, trust_env=False) as admin:
        admin.post("/__admin/posts/bulk", json={"count": POSTS}).raise_for_status()
    listed = _listing(emulator)
    assert len(listed) >= POSTS
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        service = SyncService(client, db, ChangeBus())
        first = await service.sync_all(full=True)
        assert first.posts == len(listed) and set(first.changed_post_ids) == {
            p["id"] for p in listed
        }
        assert len(bulk_writes) == int(bulk)
        await service.search_index_filled()

        rows = await db.run(_columns)
        assert set(rows) == {p["id"] for p in listed}
        for post in listed:
            assert _as_stored(rows[post["id"]]) == _expected(post), post["id"]

        # A few posts read in full (GET by id: media and platform options) keep what that read
        # brought through later syncs, which list them without it; nothing is reported changed.
        full_reads = {}
        for post in listed[::700]:
            fetched = await client.posts.get(post["id"])
            await service.posts.store_details(fetched)
            full_reads[post["id"]] = fetched
        again = await service.sync_all(full=True)
        assert again.changed_post_ids == () and again.removed_post_ids == ()
        rows = await db.run(_columns)
        for post_id, fetched in full_reads.items():
            stored = await service.posts.get(post_id)
            assert stored is not None and stored.has_details
            assert stored.platform_options == fetched.platform_options
            assert [m["file_id"] for m in stored.media] == [m.file_id for m in fetched.media]
        for post in listed:
            if post["id"] not in full_reads:
                assert _as_stored(rows[post["id"]]) == _expected(post), post["id"]
