"""One post lifecycle against the emulator: a replacement equals its original field by field.

The store is filled as a sync fills it (the list endpoint: no platform options), as in the app;
the replacement must still carry every option and the media in order, because it is built from
the original read by id when it is sent (design.md "Rescheduling").
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from full_posts import (
    DOCS_KEY,
    INSTAGRAM_REEL,
    PLATFORMS,
    create_full,
    differences,
    server_view,
)

from s200desk.api import AsyncStatus200Client
from s200desk.services.lifecycle.service import CannotChange, PostLifecycle
from s200desk.services.outbox import BackoffPolicy, OutboxService
from s200desk.services.outbox.derive import PostChanges
from s200desk.services.scheduling import parse_iso_utc, to_iso_z
from s200desk.store import Database, PostsRepo


class World:
    def __init__(self, emulator: Any, client: Any, db: Any, outbox: OutboxService) -> None:
        self.emulator = emulator
        self.client = client
        self.db = db
        self.outbox = outbox
        self.posts = PostsRepo(db)
        self.lifecycle = PostLifecycle(outbox, poll=0.02, now=emulator.clock.now)

    def later(self, **delta: float) -> Any:
        return self.emulator.clock.now() + timedelta(**delta)

    async def sync(self) -> None:
        """What the app's sync does: the list endpoint into the store."""
        await self.posts.upsert_many(await self.client.posts.list_all())

    async def run(self, coro: Any) -> Any:
        sender = asyncio.ensure_future(self.outbox.run(poll=0.02))
        try:
            return await asyncio.wait_for(coro, 60)
        finally:
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)

    def live(self, caption: str) -> list[dict[str, Any]]:
        posts = requests.get(self.emulator.site_url + "/__admin/posts", timeout=10).json()["posts"]
        return [p for p in posts if p.get("caption") == caption
                and p["status"] in ("scheduled", "published")]


@pytest.fixture
async def world(emulator: Any, tmp_path: Path) -> AsyncIterator[World]:
    client = AsyncStatus200Client(api_key=DOCS_KEY, base_url=emulator.base_url,
                                  site_url=emulator.site_url, timeout=5.0, max_retries=2)
    db = Database.open(tmp_path / "ws.sqlite3")
    outbox = OutboxService(db, client, policy=BackoffPolicy(base=0.02, cap=0.1, cooldown=0.05))
    try:
        yield World(emulator, client, db, outbox)
    finally:
        await client.close()
        db.close()


async def _move(world: World, post_id: str, days: float) -> str:
    original = await world.client.posts.get(post_id)
    target = original.scheduled_for + timedelta(days=days)
    submitted = await world.lifecycle.reschedule(post_id, target)
    outcome = await world.run(world.lifecycle.settle(submitted))
    assert outcome.ok, outcome.reason
    assert outcome.post_id and outcome.post_id != post_id
    return outcome.post_id


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_a_move_keeps_every_option_and_the_media_in_order(world: World,
                                                                platform: str) -> None:
    caption = f"full {platform} post"
    post_id = await create_full(world.client, platform, world.later(days=3), caption)
    await world.sync()
    stored = await world.posts.get(post_id)
    assert stored is not None and stored.platform_options == {}  # the list carries none

    new_id = await _move(world, post_id, days=2)

    original = await world.client.posts.get(post_id)
    replacement = await world.client.posts.get(new_id)
    assert original.status == "cancelled"
    assert differences(original, replacement) == {
        "scheduled_for": (server_view(original)["scheduled_for"],
                          to_iso_z(original.scheduled_for + timedelta(days=2))),
        "status": ("cancelled", "scheduled"),
    }
    assert [p["id"] for p in world.live(caption)] == [new_id]
    # The store kept the full read, and the settled cancel: the views show both offline.
    kept = await world.posts.get(post_id)
    assert kept is not None and kept.has_details and kept.status == "cancelled"
    assert kept.platform_options == original.platform_options
    # A later sync from the list does not wipe the details again.
    await world.sync()
    kept = await world.posts.get(post_id)
    assert kept is not None and kept.platform_options == original.platform_options


async def test_an_instagram_reel_keeps_share_to_feed(world: World) -> None:
    post_id = await create_full(world.client, "instagram", world.later(days=3), "reel post",
                                full=INSTAGRAM_REEL)
    new_id = await _move(world, post_id, days=1)
    replacement = await world.client.posts.get(new_id)
    assert replacement.platform_options == {"postType": "reel", "shareToFeed": True}


async def test_undo_and_redo_are_moves_that_lose_nothing(world: World) -> None:
    post_id = await create_full(world.client, "youtube", world.later(days=2), "undo yt")
    first = await world.client.posts.get(post_id)
    moved = await _move(world, post_id, days=4)
    undone = await _move(world, moved, days=-4)  # undo: the replacement back to the old time
    # ``first`` was read while scheduled: the undone copy equals it in every field.
    assert differences(first, await world.client.posts.get(undone)) == {}
    redone = await _move(world, undone, days=4)
    assert set(differences(first, await world.client.posts.get(redone))) == {"scheduled_for"}
    assert [p["id"] for p in world.live("undo yt")] == [redone]


async def test_an_edit_changes_only_what_was_edited(world: World) -> None:
    post_id = await create_full(world.client, "tiktok", world.later(days=2), "edit me")
    changes = PostChanges(text="edited caption", option_updates={"privacy_level": "SELF_ONLY"})
    submitted = await world.lifecycle.edit(post_id, changes)
    outcome = await world.run(world.lifecycle.settle(submitted))
    assert outcome.ok, outcome.reason
    original = await world.client.posts.get(post_id)
    replacement = await world.client.posts.get(outcome.post_id or "")
    diff = differences(original, replacement)
    assert diff.pop("caption") == ("edit me", "edited caption")
    assert diff.pop("platform_options") == (
        original.platform_options, {**original.platform_options, "privacyLevel": "SELF_ONLY"})
    assert diff.pop("status") == ("cancelled", "scheduled")
    assert diff == {}


async def test_a_published_post_cannot_be_changed_and_says_why(world: World) -> None:
    post_id = await create_full(world.client, "x", world.later(minutes=5), "goes out")
    world.emulator.advance(timedelta(minutes=10))
    await world.sync()
    with pytest.raises(CannotChange, match="published"):
        await world.lifecycle.reschedule(post_id, world.later(days=1))


async def test_a_disconnected_profiles_post_is_not_moved_and_nothing_is_sent(
    world: World,
) -> None:
    from s200desk.store import ProfilesRepo

    post_id = await create_full(world.client, "linkedin", world.later(days=2), "stays put")
    await world.sync()
    stored = await world.posts.get(post_id)
    assert stored is not None
    # What the last sync of profiles said (the token expired since the post was scheduled).
    await ProfilesRepo(world.db).replace_all([{
        "platform": "linkedin", "account_id": stored.account_id, "display_name": "Lumen",
        "status": "disconnected",
    }])
    with pytest.raises(CannotChange, match=r"LinkedIn .* is disconnected: reconnect it"):
        await world.lifecycle.reschedule(post_id, world.later(days=3))
    assert await world.outbox.list() == []  # nothing recorded, nothing to send
    assert [p["id"] for p in world.live("stays put")] == [post_id]

    # Reconnected (the next sync says so): the move goes through.
    await ProfilesRepo(world.db).replace_all([{
        "platform": "linkedin", "account_id": stored.account_id, "display_name": "Lumen",
        "status": "active",
    }])
    assert await _move(world, post_id, days=1) != post_id


async def test_a_post_published_after_the_store_looked_is_left_alone(world: World) -> None:
    post_id = await create_full(world.client, "x", world.later(minutes=5), "went out meanwhile")
    await world.sync()  # the store still says scheduled
    world.emulator.advance(timedelta(minutes=10))
    submitted = await world.lifecycle.reschedule(post_id, world.later(days=1))
    outcome = await world.run(world.lifecycle.settle(submitted))
    assert not outcome.ok and "published" in (outcome.reason or "")
    live = world.live("went out meanwhile")
    assert [(p["id"], p["status"]) for p in live] == [(post_id, "published")]


async def test_when_the_read_fails_the_move_waits_and_sends_nothing(world: World) -> None:
    post_id = await create_full(world.client, "linkedin", world.later(days=2), "waits")
    world.emulator.set_faults(error_rate=1.0)
    submitted = await world.lifecycle.reschedule(post_id, world.later(days=3))
    outcome = await world.run(world.lifecycle.settle(submitted, timeout=1.5))
    assert outcome.waiting
    [create] = [i for i in await world.outbox.list() if i.role == "replacement"]
    assert create.state.value == "pending" and "text" not in create.payload
    world.emulator.set_faults(error_rate=0.0)
    outcome = await world.run(world.lifecycle.settle(submitted))
    assert outcome.ok, outcome.reason
    replacement = await world.client.posts.get(outcome.post_id or "")
    assert replacement.platform_options == {"visibility": "CONNECTIONS"}


async def test_cancel_records_the_status_in_the_store_and_tells_the_views(world: World) -> None:
    from s200desk.services.events import ChangeBus

    bus = ChangeBus()
    heard: list[Any] = []
    bus.subscribe(heard.append)
    world.outbox.store.bus = bus
    world.outbox.store.posts.bus = bus
    post_id = await create_full(world.client, "facebook", world.later(days=2), "cancel me")
    await world.sync()
    submitted = await world.lifecycle.cancel(post_id)
    outcome = await world.run(world.lifecycle.settle(submitted))
    assert outcome.ok
    stored = await world.posts.get(post_id)
    assert stored is not None and stored.status == "cancelled"
    assert any(c.kind == "posts" and post_id in c.ids for c in heard)


async def test_moves_under_faults_and_drops_lose_nothing_and_post_once(world: World) -> None:
    originals: dict[str, str] = {}
    for platform in PLATFORMS:
        originals[platform] = await create_full(world.client, platform, world.later(days=5),
                                                f"faulty {platform}")
    await world.sync()
    world.emulator.set_faults(error_rate=0.15, drop_rate=0.15)
    submitted = {p: await world.lifecycle.reschedule(pid, world.later(days=6))
                 for p, pid in originals.items()}

    async def all_settled() -> dict[str, Any]:
        return {p: await world.lifecycle.settle(s) for p, s in submitted.items()}

    outcomes = await world.run(all_settled())
    world.emulator.set_faults(error_rate=0.0, drop_rate=0.0)
    for platform, outcome in outcomes.items():
        assert outcome.ok, (platform, outcome.reason)
        original = await world.client.posts.get(originals[platform])
        replacement = await world.client.posts.get(outcome.post_id or "")
        diff = differences(original, replacement)
        assert set(diff) == {"scheduled_for", "status"}, (platform, diff)
        assert parse_iso_utc(server_view(replacement)["scheduled_for"]) == world.later(days=6)
        assert [p["id"] for p in world.live(f"faulty {platform}")] == [outcome.post_id]


async def test_duplicate_of_a_published_post_keeps_everything_and_the_original(
    world: World,
) -> None:
    post_id = await create_full(world.client, "pinterest", world.later(minutes=5), "dup me")
    world.emulator.advance(timedelta(minutes=10))
    await world.sync()
    new_time = world.later(days=2)
    submitted = await world.lifecycle.duplicate(post_id,
                                                PostChanges(scheduled_for=to_iso_z(new_time)))
    outcome = await world.run(world.lifecycle.settle(submitted))
    assert outcome.ok, outcome.reason
    original = await world.client.posts.get(post_id)
    copy = await world.client.posts.get(outcome.post_id or "")
    assert original.status == "published"  # the original stays
    diff = differences(original, copy)
    assert diff.pop("status") == ("published", "scheduled")
    assert set(diff) == {"scheduled_for"} and copy.scheduled_for == new_time
