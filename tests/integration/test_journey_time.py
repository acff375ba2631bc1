"""Journey: moves that meet the clock — into the past, and against the post's own publish time.

Through the calendar's move backend against the emulator's manual clock (never today's date):
the post the user had stays exactly as it was (field by field) whenever the move cannot happen,
the user is told why in plain words, and the server never ends with two copies.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from full_posts import ACCOUNT, FULL, create_full
from journeys import Wanted, live, media_types, mismatches, wall, with_sender, workspace_on

from s200desk.services.outbox import OutboxService
from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
from s200desk.ui.posts.model import PostRow

T = TypeVar("T")


class World:
    def __init__(self, emulator: Any, client: Any, outbox: OutboxService) -> None:
        self.emulator = emulator
        self.client = client
        self.outbox = outbox
        self.calendar = OutboxCalendarBackend(outbox, poll=0.02, timeout=30,
                                              now=emulator.clock.now)

    def now(self) -> Any:
        return self.emulator.clock.now()

    async def with_sender(self, step: Awaitable[T]) -> T:
        return await with_sender(self.outbox, step)  # type: ignore[no-any-return]

    async def post(self, platform: str, caption: str, **delta: float) -> tuple[PostRow, Wanted]:
        when = self.now() + timedelta(**delta)
        post_id = await create_full(self.client, platform, when, caption)
        post = await self.client.posts.get(post_id)
        urls, options = FULL[platform]
        want = Wanted(caption, platform, ACCOUNT, when, wall(when), media_types(urls), options,
                      file_ids=tuple(m.file_id for m in post.media))
        return PostRow.from_post(post), want


@pytest.fixture
async def world(emulator: Any, tmp_path: Path) -> AsyncIterator[World]:
    async with workspace_on(emulator, tmp_path) as (client, outbox):
        yield World(emulator, client, outbox)


async def test_a_move_into_the_past_leaves_the_post_as_it_was(world: World) -> None:
    row, want = await world.post("youtube", "not into the past", days=2)
    creates = world.emulator.request_count("POST", "/functions/v1/api-posts")
    outcome = await world.with_sender(
        world.calendar.reschedule(row, world.now() - timedelta(hours=1)))
    assert not outcome.ok
    assert "in the past" in (outcome.reason or "")
    assert world.emulator.request_count("POST", "/functions/v1/api-posts") == creates
    assert mismatches(await world.client.posts.get(row.id), want) == {}
    assert [p["id"] for p in live(world.emulator, "not into the past")] == [row.id]


async def test_a_move_whose_time_passed_while_it_waited_leaves_the_post(world: World) -> None:
    row, want = await world.post("linkedin", "time passed while queued", days=2)
    world.emulator.set_faults(error_rate=1.0)  # the server cannot take it for now
    impatient = OutboxCalendarBackend(world.outbox, poll=0.02, timeout=0.3, now=world.now)
    outcome = await world.with_sender(impatient.reschedule(row, world.now() + timedelta(hours=1)))
    assert not outcome.ok  # still waiting in the outbox
    world.emulator.advance(timedelta(hours=2))  # the new time goes by before it can be sent
    world.emulator.set_faults(error_rate=0.0)
    [create] = [i for i in await world.outbox.list() if i.role == "replacement"]
    settled = await world.with_sender(world.outbox.wait_settled(create.id, poll=0.02))
    assert settled is not None and settled.state.value == "failed"
    assert "went by while it waited to be sent; nothing was posted" in (settled.last_error or "")
    assert mismatches(await world.client.posts.get(row.id), want) == {}
    assert [p["id"] for p in live(world.emulator, "time passed while queued")] == [row.id]


async def test_a_move_racing_the_posts_own_publish_time_keeps_one_copy(world: World) -> None:
    row, want = await world.post("tiktok", "races its publish time", minutes=1)
    # The move is recorded a moment before the post goes out; the sender gets to it after.
    move = asyncio.ensure_future(world.calendar.reschedule(row, world.now() + timedelta(days=1)))
    await asyncio.sleep(0.05)
    world.emulator.advance(timedelta(minutes=2))
    outcome = await world.with_sender(move)
    assert not outcome.ok and "went out" in (outcome.reason or "")
    post = await world.client.posts.get(row.id)
    assert post.status == "published"
    assert mismatches(post, want) == {"status": ("scheduled", "published")}
    assert [p["id"] for p in live(world.emulator, "races its publish time")] == [row.id]
