"""Journey: the connection goes; the user keeps composing, moving and cancelling; it comes back.

The emulator is really stopped (connections refused) and started again with everything it held.
While it is down the user composes two posts and gives up on one in the outbox, moves a post twice
(the second time from the post the calendar still shows, as after reopening the window or from the
command line), cancels one post, and moves then cancels another. Back online, exactly the intended
posts exist, once each, with every field as the user set it; what was given up sent nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from full_posts import ACCOUNT, DOCS_KEY, FULL, create_full
from journeys import SwitchableServer, Wanted, live, media_types, mismatches, server_posts, wall

from s200desk.api import AsyncStatus200Client
from s200desk.services.lifecycle.service import PostLifecycle
from s200desk.services.outbox import BackoffPolicy, IntentState, OutboxService
from s200desk.store import Database, PostsRepo
from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
from s200desk.ui.composer.checks import resolve_when
from s200desk.ui.composer.state import ComposerState, MediaItem
from s200desk.ui.posts.model import PostRow

T = TypeVar("T")
FAST = BackoffPolicy(base=0.02, cap=0.2, cooldown=0.05)


class World:
    def __init__(self, server: SwitchableServer, client: Any, db: Database) -> None:
        self.server = server
        self.client = client
        self.db = db
        self.posts = PostsRepo(db)
        # The outbox on the real clock, as in the app: its waits between tries are real ones.
        # Post times meet only the server's (manual) clock, and the lifecycle's past check.
        self.outbox = OutboxService(db, client, policy=FAST)
        self.lifecycle = PostLifecycle(self.outbox, poll=0.02, now=server.clock.now)
        # The window's calendar, which stops waiting after a while (the move stays queued).
        self.calendar = OutboxCalendarBackend(self.outbox, poll=0.02, timeout=0.3,
                                              now=server.clock.now)

    async def with_sender(self, step: Awaitable[T]) -> T:
        sender = asyncio.ensure_future(self.outbox.run(poll=0.02))
        try:
            return await asyncio.wait_for(step, 60)
        finally:
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)

    async def everything_settled(self) -> None:
        while any(not i.settled for i in await self.outbox.list()):
            await asyncio.sleep(0.02)

    async def compose(self, state: ComposerState) -> str:
        resolved, error, _ = resolve_when(state, "Europe/Berlin", self.server.clock.now())
        assert error is None and resolved is not None
        [*_uploads, create] = await self.outbox.submit_posts(state.specs(resolved.iso_z))
        return create.id

    async def row(self, post_id: str) -> PostRow:
        stored = await self.posts.get(post_id)
        assert stored is not None
        return PostRow.from_post(stored)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    server = SwitchableServer(tmp_path)
    client = AsyncStatus200Client(api_key=DOCS_KEY, base_url=server.base_url,
                                  site_url=server.site_url, timeout=2.0, max_retries=0)
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        yield World(server, client, db)
    finally:
        await client.close()
        db.close()
        server.down()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("offline", ["stopped", "drop-every-answer"])
async def test_offline_work_arrives_once_each_exactly_as_the_user_left_it(
    world: World, offline: str
) -> None:
    # Before: three posts the user made earlier, in the store as a sync put them there.
    moved_twice = await create_full(world.client, "tiktok", at("2026-06-10 08:00"), "moved twice")
    cancelled = await create_full(world.client, "youtube", at("2026-06-11 08:00"), "cancelled")
    moved_then_cancelled = await create_full(world.client, "pinterest", at("2026-06-12 08:00"),
                                             "moved then cancelled")
    original = await world.client.posts.get(moved_twice)
    await world.posts.upsert_many(await world.client.posts.list_all())

    # Offline from here: no connection at all, or every answer lost after the server acted.
    if offline == "stopped":
        world.server.down()
    else:
        world.server.set_faults(drop_rate=1.0)

    urls, options = FULL["instagram"]
    carousel = ComposerState(caption="composed offline", targets=[("instagram", ACCOUNT)],
                             options={"instagram": dict(options)},
                             media=[MediaItem(url=u) for u in urls], when="2026-06-20 19:15")
    await world.compose(carousel)
    given_up = await world.compose(ComposerState(
        caption="composed offline, then given up", targets=[("linkedin", ACCOUNT)],
        when="2026-06-21 10:00"))
    assert (await world.outbox.discard(given_up)) is not None

    first = await world.calendar.reschedule(await world.row(moved_twice), at("2026-06-15 09:00"))
    assert not first.ok and "kept in the outbox" in (first.reason or "")
    # Reopened (or from the command line): the post is still shown where it was; moved again.
    await world.lifecycle.reschedule(moved_twice, at("2026-06-16 17:45"))
    await world.lifecycle.cancel(cancelled)
    await world.lifecycle.reschedule(moved_then_cancelled, at("2026-06-18 09:00"))
    await world.lifecycle.cancel(moved_then_cancelled)

    # The sender keeps trying while offline (and is stopped mid-try): nothing fails or is lost.
    await world.with_sender(asyncio.sleep(0.5))
    assert {i.state for i in await world.outbox.list()} <= {
        IntentState.PENDING, IntentState.SENDING, IntentState.DISCARDED}

    if offline == "stopped":  # back online
        world.server.up()
    else:
        world.server.set_faults(drop_rate=0.0)
    await world.with_sender(world.everything_settled())

    final = live(world.server, "moved twice")
    assert len(final) == 1, final
    want = Wanted("moved twice", "tiktok", ACCOUNT, at("2026-06-16 17:45"), "2026-06-16 19:45",
                  media_types(FULL["tiktok"][0]), FULL["tiktok"][1],
                  file_ids=tuple(m.file_id for m in original.media))
    assert mismatches(await world.client.posts.get(final[0]["id"]), want) == {}

    [sent] = live(world.server, "composed offline")
    want = Wanted("composed offline", "instagram", ACCOUNT, at("2026-06-20 17:15"),
                  "2026-06-20 19:15", media_types(urls), dict(options))
    assert mismatches(await world.client.posts.get(sent["id"]), want) == {}
    assert wall(at("2026-06-20 17:15")) == "2026-06-20 19:15"

    assert live(world.server, "cancelled") == []
    assert live(world.server, "moved then cancelled") == []
    # Its move had not been sent: it was taken back, so no replacement was ever created.
    assert [p["id"] for p in server_posts(world.server)
            if p["caption"] == "moved then cancelled"] == [moved_then_cancelled]  # fmt: skip
    # What was given up before it was sent never reached the server in any form.
    assert [p for p in server_posts(world.server)
            if p["caption"] == "composed offline, then given up"] == []  # fmt: skip
    assert {i.state for i in await world.outbox.list()} <= {
        IntentState.DONE, IntentState.DISCARDED}


async def test_edited_then_moved_offline_lands_with_both_changes(world: World) -> None:
    from s200desk.services.outbox.derive import PostChanges
    from s200desk.services.outbox.model import MediaRef

    post_id = await create_full(world.client, "youtube", at("2026-06-10 08:00"), "edit then move")
    await world.posts.upsert_many(await world.client.posts.list_all())
    world.server.down()
    # The composer's edit: a new caption, a new video by URL, one option changed.
    await world.lifecycle.edit(post_id, PostChanges(
        text="edited offline", media=(MediaRef(url="https://example.com/new-cut.mp4"),),
        option_updates={"visibility": "public"}))
    # Then, still offline, the calendar moves the post it shows.
    await world.lifecycle.reschedule(post_id, at("2026-06-13 18:00"))
    world.server.up()
    await world.with_sender(world.everything_settled())

    [final] = live(world.server, "edited offline")
    options = FULL["youtube"][1]
    want = Wanted("edited offline", "youtube", ACCOUNT, at("2026-06-13 18:00"),
                  wall(at("2026-06-13 18:00")), ("video/mp4",), {**options, "visibility": "public"})
    assert mismatches(await world.client.posts.get(final["id"]), want) == {}
    assert live(world.server, "edit then move") == []
    # The edit taken back by the move was never sent.
    creates = [i for i in await world.outbox.list() if i.kind.value == "create"]
    assert sorted(i.state.value for i in creates) == ["discarded", "done"]
    assert sum(1 for p in server_posts(world.server) if p["caption"] == "edited offline") == 1
