"""Journey: the API key is revoked while posts, a move and a cancel wait in the outbox.

The sender stops at the first 401 and says so in the user's words; nothing is failed, nothing is
lost, nothing counts as an attempt. With a new key of the same account (Settings), the queue goes
on where it stopped, and the server ends with each post once, every field as the user set it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from full_posts import FULL
from journeys import Wanted, live, media_types, mismatches, wall

from s200desk.api import AsyncStatus200Client
from s200desk.services.lifecycle.service import PostLifecycle
from s200desk.services.outbox import (
    BackoffPolicy,
    IntentState,
    MediaRef,
    OutboxService,
    PostSpec,
    SenderBlocked,
)
from s200desk.store import Database, PostsRepo

HANDLE = "@lumenstudio"  # the seed's main account: its key can be revoked and replaced
FAST = BackoffPolicy(base=0.02, cap=0.1, cooldown=0.05)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def spec(platform: str, caption: str, when: str) -> PostSpec:
    urls, options = FULL[platform]
    return PostSpec(account_id=HANDLE, platform=platform, text=caption,
                    media=tuple(MediaRef(url=u) for u in urls), scheduled_for=when,
                    options=dict(options))  # fmt: skip


def wanted(platform: str, caption: str, when: str) -> Wanted:
    urls, options = FULL[platform]
    moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
    return Wanted(caption, platform, HANDLE, moment, wall(moment), media_types(urls), options)


@pytest.fixture
async def clients(emulator: Any) -> AsyncIterator[Any]:
    made: list[AsyncStatus200Client] = []

    def make(key: str) -> AsyncStatus200Client:
        client = AsyncStatus200Client(api_key=key, base_url=emulator.base_url,
                                      site_url=emulator.site_url, timeout=5.0, max_retries=1)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()


@pytest.fixture
def db(tmp_path: Path) -> Any:
    database = Database.open(tmp_path / "ws.sqlite3")
    yield database
    database.close()


async def test_a_revoked_key_pauses_the_queue_and_a_new_key_sends_it_once(
    emulator: Any, clients: Any, db: Database
) -> None:
    old = clients(emulator.api_key)
    outbox = OutboxService(db, old, policy=FAST, now=emulator.clock.now)
    # Earlier: one post already sent, two on the server the user will move and cancel.
    await outbox.submit_posts([spec("linkedin", "sent before", "2026-06-01T09:00:00Z")],
                              group_id="before")
    assert await outbox.drain("before") == {"done": 2}
    to_move = await old.posts.create(
        account_id=HANDLE, platform="x", content={"text": "move me after the key"},
        scheduled_for=at("2026-06-02 09:00"), x=dict(FULL["x"][1]))
    to_cancel = await old.posts.create(
        account_id=HANDLE, platform="x", content={"text": "cancel me after the key"},
        scheduled_for=at("2026-06-03 09:00"))
    await PostsRepo(db).upsert_many(await old.posts.list_all())

    httpx.delete(f"{emulator.site_url}/__admin/keys/{emulator.api_key}",
                 timeout=10).raise_for_status()  # revoked in the dashboard
    await outbox.submit_posts([spec("x", "queued one", "2026-06-05T10:00:00Z"),
                               spec("pinterest", "queued two", "2026-06-06T11:30:00Z")],
                              group_id="queued")  # fmt: skip
    lifecycle = PostLifecycle(outbox, poll=0.02, now=emulator.clock.now)
    await lifecycle.reschedule(to_move.post_id, at("2026-06-09 12:00"))
    await lifecycle.cancel(to_cancel.post_id)

    with pytest.raises(SenderBlocked) as stopped:
        await outbox.run(stop_when_idle=True, poll=0.02)
    assert stopped.value.kind == "auth"
    message = str(stopped.value)
    assert "API key was refused" in message and "revoked" in message
    assert "Nothing is lost: 4 changes wait in the outbox" in message
    assert "rl_" not in message
    waiting = [i for i in await outbox.list() if i.group_id != "before"]
    assert {i.state for i in waiting} == {IntentState.PENDING}
    assert all(i.attempts == 0 for i in waiting)
    assert live(emulator, "queued one") == live(emulator, "queued two") == []

    # A new key of the same account, put in Settings: the queue goes on.
    new_key = httpx.post(f"{emulator.site_url}/__admin/keys", timeout=10).json()["api_key"]
    fresh = clients(new_key)
    told: list[str] = []
    again = OutboxService(db, fresh, policy=FAST, now=emulator.clock.now, on_waiting=told.append)
    await again.run(stop_when_idle=True, poll=0.02)
    assert told == []
    assert {i.state for i in await again.list()} == {IntentState.DONE}

    for platform, caption, when in (("x", "queued one", "2026-06-05T10:00:00Z"),
                                    ("pinterest", "queued two", "2026-06-06T11:30:00Z"),
                                    ("linkedin", "sent before", "2026-06-01T09:00:00Z")):
        [post] = live(emulator, caption)
        assert mismatches(await fresh.posts.get(post["id"]), wanted(platform, caption, when)) == {}
    [moved] = live(emulator, "move me after the key")
    moved_post = await fresh.posts.get(moved["id"])
    assert moved_post.scheduled_for == at("2026-06-09 12:00")
    assert moved_post.platform_options == FULL["x"][1]
    assert live(emulator, "cancel me after the key") == []


async def test_a_move_queued_under_another_key_is_left_to_that_key(
    emulator: Any, clients: Any, db: Database
) -> None:
    mine = clients(emulator.api_key)
    post = await mine.posts.create(account_id=HANDLE, platform="x", content={"text": "whose move"},
                                   scheduled_for=at("2026-06-02 09:00"))
    queued = await PostLifecycle(OutboxService(db, mine, policy=FAST), now=emulator.clock.now
                                 ).reschedule(post.post_id, at("2026-06-04 09:00"))
    # Another key opens the workspace (S200_API_KEY) and moves the post it shows.
    other = OutboxService(db, clients(emulator.other_api_key), policy=FAST)
    await PostLifecycle(other, now=emulator.clock.now).reschedule(
        post.post_id, at("2026-06-05 09:00"))
    first = await other.get(queued.main.id)
    assert first is not None and first.state is IntentState.PENDING  # not taken back
