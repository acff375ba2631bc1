"""SyncService against the real emulator over loopback: the store ends up holding exactly what
the server lists, and failures are told apart (refused key vs no network)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.services.events import POSTS, POSTS_REMOVED, Change, ChangeBus
from s200desk.services.sync import SyncError, SyncErrorKind, SyncService
from s200desk.store import Database, PostFilter, to_utc_iso


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    from s200desk import paths

    database = await Database.open_async(paths.workspace_db_path("it"))
    yield database
    await database.aclose()


def _iso(text: str | None) -> str | None:
    return to_utc_iso(text) if text else None


def _create_posts(server: Any, count: int) -> list[str]:
    """Posts made through the emulator's public HTTP API: scheduled, published, one cancelled."""
    headers = {"Authorization": f"Bearer {server.api_key}"}
    platforms = ["x", "linkedin"]  # text-only posts need no media
    ids: list[str] = []
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as http:
        now = server.clock.now()
        for n in range(count):
            platform = platforms[n % 2]
            body: dict[str, Any] = {
                "accountId": "@lumenstudio",
                "platform": platform,
                "content": {"text": f"Integration post {n} #sync"},
            }
            if n % 2 == 0:
                when = now + timedelta(days=1 + n % 20, hours=n % 7)
                body["scheduledFor"] = when.isoformat().replace("+00:00", "Z")
            resp = http.post("/api-posts", json={"post": body})
            assert resp.status_code == 200, resp.text
            ids.append(resp.json()["post_id"])
        scheduled = ids[0]
        assert http.delete(f"/api-posts/{scheduled}").status_code == 200
    return ids


def _server_truth(server: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as http:
        profiles = http.get("/api-posts", params={"action": "profiles"}).json()["profiles"]
        platforms = http.get("/api-posts", params={"action": "platforms"}).json()["platforms"]
        posts: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = http.get("/api-posts", params={"limit": 100, "offset": offset}).json()
            posts.extend(page["posts"])
            offset += page["limit"]
            if offset >= page["total"]:
                break
    return {"profiles": profiles, "platforms": platforms, "posts": posts}


async def test_sync_all_mirrors_the_emulator(emulator: Any, db: Database) -> None:
    _create_posts(emulator, 75)
    bus = ChangeBus()
    seen: list[Change] = []
    bus.subscribe(seen.append)

    # A post the server never had: the sync must remove it.
    from s200desk.store import PostsRepo

    await PostsRepo(db).upsert_many(
        [
            {
                "id": "stale-local",
                "platform": "x",
                "account_id": "@lumenstudio",
                "status": "published",
            }
        ]
    )

    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        service = SyncService(client, db, bus, page_size=20, concurrency=3, batch_size=30)
        result = await service.sync_all()

    truth = _server_truth(emulator)
    assert result.posts == len(truth["posts"]) == 75
    assert result.pruned and result.removed_post_ids == ("stale-local",)
    assert result.pages == 4

    stored_profiles = {
        (p.platform, p.account_id): (p.display_name, p.status)
        for p in await service.profiles.list()
    }
    assert stored_profiles == {
        (p["platform"], p["account_id"]): (p["display_name"], p["status"])
        for p in truth["profiles"]
    }
    stored_platforms = {
        p.id: (p.name, p.max_caption_length) for p in await service.platforms.list()
    }
    assert stored_platforms == {
        p["id"]: (p["name"], p["max_caption_length"]) for p in truth["platforms"]
    }

    stored = {p.id: p for p in await service.posts.query()}
    assert set(stored) == {p["id"] for p in truth["posts"]}
    for p in truth["posts"]:
        mine = stored[p["id"]]
        assert (mine.platform, mine.account_id, mine.caption, mine.status) == (
            p["platform"], p["account_id"], p["caption"], p["status"],
        )  # fmt: skip
        assert _iso(p.get("scheduled_for")) == to_utc_iso(mine.scheduled_for)
        assert _iso(p.get("published_at")) == to_utc_iso(mine.published_at)
        assert mine.platform_post_id == p.get("platform_post_id")
    assert await service.posts.count(PostFilter(statuses=["cancelled"])) == 1

    kinds = [c.kind for c in seen]
    assert kinds[0] == "sync_started" and kinds[-1] == "sync_finished"
    assert {i for c in seen if c.kind == POSTS for i in c.ids} == set(stored)
    assert [c.ids for c in seen if c.kind == POSTS_REMOVED] == [("stale-local",)]
    state = await service.state.get("all")
    assert state is not None and state.last_success_at is not None and state.last_error is None

    # A second sync changes nothing and removes nothing.
    seen.clear()
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        again = await SyncService(client, db, bus, page_size=20).sync_all()
    assert again.changed_post_ids == () and again.removed_post_ids == ()
    assert not [c for c in seen if c.kind in {POSTS, POSTS_REMOVED}]


async def test_refused_key_is_auth(emulator: Any, db: Database) -> None:
    bus = ChangeBus()
    seen: list[Change] = []
    bus.subscribe(seen.append)
    async with AsyncStatus200Client(
        api_key="rl_not_a_real_key", base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        service = SyncService(client, db, bus)
        with pytest.raises(SyncError) as caught:
            await service.sync_all()
    assert caught.value.kind is SyncErrorKind.AUTH
    assert caught.value.status_code == 401 and caught.value.stage == "profiles"
    assert "rl_not_a_real_key" not in str(caught.value)
    assert seen[-1] == Change("sync_failed", ("auth",))
    state = await service.state.get("all")
    assert state is not None and state.last_error_kind == "auth"


async def test_stopped_emulator_is_offline_and_keeps_the_cache(emulator: Any, db: Database) -> None:
    _create_posts(emulator, 5)
    client = AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url,
        max_retries=0, timeout=5.0,
    )  # fmt: skip
    try:
        service = SyncService(client, db, ChangeBus())
        await service.sync_all()
        emulator.stop()
        with pytest.raises(SyncError) as caught:
            await service.sync_all()
    finally:
        await client.close()
    assert caught.value.kind is SyncErrorKind.OFFLINE
    assert "reach" in caught.value.user_message
    assert await service.posts.count() == 5  # cached data stays for the offline banner
    state = await service.state.get("all")
    assert state is not None and state.last_error_kind == "offline"
    assert state.last_success_at is not None
