"""Journey: the app dies between "sent" and "acknowledged", the user acts again, it restarts.

The request reaches the emulator and is committed; its answer never reaches the app because the
sender is stopped right then (as a kill would: nothing after the request is recorded). The outbox
is then opened again by a new service over the same database — with the emulator injecting every
fault it has (dropped connections after commit, 500s, 429 bursts, malformed 2xx) — and settles.
The server must hold each post once, with every field as the user set it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from full_posts import ACCOUNT, DOCS_KEY, FULL, create_full
from journeys import Wanted, live, media_types, mismatches

from s200desk.api import AsyncStatus200Client
from s200desk.services.lifecycle.service import PostLifecycle, Submitted
from s200desk.services.outbox import BackoffPolicy, IntentState, OutboxService, PostSpec
from s200desk.services.outbox.model import MediaRef
from s200desk.store import Database

T = TypeVar("T")
FAST = BackoffPolicy(base=0.02, cap=0.1, cooldown=0.05)
FAULTS = {"drop_rate": 0.15, "error_rate": 0.15, "burst_429_rate": 0.1, "malformed_rate": 0.1}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class DiesAfterSending:
    """The client, except that the first request of ``verbs`` reaches the server (or, with
    ``commit=False``, is lost on the way) and the app never hears back: the sender is killed
    while it waits."""

    def __init__(self, client: AsyncStatus200Client, verbs: set[str], commit: bool) -> None:
        self._client = client
        self._verbs = verbs
        self._commit = commit
        self.sent = asyncio.Event()
        self.posts = self

    def __getattr__(self, name: str) -> Any:
        source = self._client.posts if name in {"create", "create_v2", "cancel", "get",
                                                 "list", "list_all"} else self._client
        real = getattr(source, name)
        if name not in self._verbs or self.sent.is_set():
            return real

        async def then_die(*args: Any, **kwargs: Any) -> Any:
            if self._commit:
                await real(*args, **kwargs)  # committed on the server
            self.sent.set()
            await asyncio.Event().wait()  # the answer is never recorded

        return then_die


class World:
    def __init__(self, emulator: Any, client: AsyncStatus200Client, db: Database) -> None:
        self.emulator = emulator
        self.client = client
        self.db = db

    def outbox(self, client: Any) -> OutboxService:
        return OutboxService(self.db, client, policy=FAST, now=self.emulator.clock.now)

    def lifecycle(self) -> PostLifecycle:
        """The lifecycle of a session opened again (the app was restarted)."""
        return PostLifecycle(self.outbox(self.client), poll=0.02, now=self.emulator.clock.now)

    async def killed_after_sending(self, verbs: set[str],
                                   act: Callable[[PostLifecycle], Awaitable[T]],
                                   *, commit: bool = True) -> T:
        """``act`` recorded, then the sender runs until a ``verbs`` request went out, and is
        killed there."""
        dying = DiesAfterSending(self.client, verbs, commit)
        outbox = self.outbox(dying)
        result = await act(PostLifecycle(outbox, poll=0.02, now=self.emulator.clock.now))
        sender = asyncio.ensure_future(outbox.run(poll=0.02))
        await asyncio.wait_for(dying.sent.wait(), 30)
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
        return result

    async def restart_under_faults(self) -> OutboxService:
        """A new session over the same outbox, sending until everything settled, under faults."""
        outbox = self.outbox(self.client)
        self.emulator.set_faults(**FAULTS)

        async def settled() -> bool:
            return all(i.settled for i in await outbox.list())

        try:
            await asyncio.wait_for(outbox.run(until=settled, poll=0.02), 60)
        finally:
            self.emulator.set_faults(**dict.fromkeys(FAULTS, 0.0))
        return outbox


@pytest.fixture
async def world(emulator: Any, tmp_path: Path) -> AsyncIterator[World]:
    client = AsyncStatus200Client(api_key=DOCS_KEY, base_url=emulator.base_url,
                                  site_url=emulator.site_url, timeout=5.0, max_retries=2,
                                  initial_retry_delay=0.01, max_retry_delay=0.05)
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        yield World(emulator, client, db)
    finally:
        await client.close()
        db.close()


async def _full(world: World, platform: str, when: str, caption: str) -> tuple[str, Wanted]:
    post_id = await create_full(world.client, platform, at(when), caption)
    post = await world.client.posts.get(post_id)
    urls, options = FULL[platform]
    return post_id, Wanted(caption, platform, ACCOUNT, at(when), "", media_types(urls), options,
                           file_ids=tuple(m.file_id for m in post.media))


def _wall(moment: datetime) -> str:
    from journeys import wall

    return wall(moment)


async def test_a_composed_post_killed_after_sending_is_on_the_server_once(world: World) -> None:
    urls, options = FULL["youtube"]
    ids = [(await world.client.media.upload(url=u)).file_id for u in urls]
    spec = PostSpec(account_id=ACCOUNT, platform="youtube", text="killed while creating",
                    media=tuple(MediaRef(file_id=i) for i in ids),
                    scheduled_for="2026-07-01T16:00:00Z", options=dict(options))

    async def compose(lifecycle: PostLifecycle) -> None:
        await lifecycle.outbox.submit_posts([spec], group_id="compose")

    await world.killed_after_sending({"create", "create_v2"}, compose)
    [left] = await world.outbox(world.client).list(group_id="compose")
    assert left.state is IntentState.SENDING  # sent; the answer never recorded
    outbox = await world.restart_under_faults()
    [done] = await outbox.list(group_id="compose")
    assert done.state is IntentState.DONE
    [post] = live(world.emulator, "killed while creating")
    assert post["id"] == done.post_id
    want = Wanted("killed while creating", "youtube", ACCOUNT, at("2026-07-01 16:00"),
                  _wall(at("2026-07-01 16:00")), media_types(urls), options, tuple(ids))
    assert mismatches(await world.client.posts.get(post["id"]), want) == {}


@pytest.mark.parametrize("killed", ["replacement", "cancel"])
async def test_moved_again_after_a_kill_mid_move_lands_once_where_last_put(
    world: World, killed: str
) -> None:
    post_id, want = await _full(world, "tiktok", "2026-06-10 08:00", f"kill mid {killed}")
    verbs = {"create", "create_v2"} if killed == "replacement" else {"cancel"}

    async def move(lifecycle: PostLifecycle) -> Submitted:
        return await lifecycle.reschedule(post_id, at("2026-06-12 08:00"))

    await world.killed_after_sending(verbs, move)
    # Reopened: the calendar still shows the post it knows; the user moves it again.
    lifecycle = world.lifecycle()
    await lifecycle.reschedule(post_id, at("2026-06-14 18:30"))
    await world.restart_under_faults()

    [final] = live(world.emulator, f"kill mid {killed}")
    landed = want.moved(at("2026-06-14 18:30"), _wall(at("2026-06-14 18:30")))
    assert mismatches(await world.client.posts.get(final["id"]), landed) == {}
    assert (await world.client.posts.get(post_id)).status == "cancelled"


async def test_cancelled_after_a_kill_mid_move_leaves_nothing_scheduled(world: World) -> None:
    post_id, _want = await _full(world, "pinterest", "2026-06-10 08:00", "kill then cancel")

    async def move(lifecycle: PostLifecycle) -> Submitted:
        return await lifecycle.reschedule(post_id, at("2026-06-12 08:00"))

    await world.killed_after_sending({"create", "create_v2"}, move)
    lifecycle = world.lifecycle()
    cancel = await lifecycle.cancel(post_id)
    await world.restart_under_faults()
    assert live(world.emulator, "kill then cancel") == []
    [intent] = cancel.intents
    assert (await lifecycle.outbox.get(intent.id)).state is IntentState.DONE  # type: ignore[union-attr]


async def test_cancelled_while_its_move_is_unsure_stays_cancelled_when_the_move_fails(
    world: World,
) -> None:
    post_id, _want = await _full(world, "x", "2026-06-10 08:00", "move refused, cancel kept")

    async def move(lifecycle: PostLifecycle) -> Submitted:
        return await lifecycle.reschedule(post_id, at("2026-06-12 08:00"))

    # The replacement's create went out and was lost; the app was killed before it knew.
    await world.killed_after_sending({"create", "create_v2"}, move, commit=False)
    lifecycle = world.lifecycle()
    cancel = await lifecycle.cancel(post_id)
    # Sent again after the restart, the replacement is refused: the profile was disconnected.
    disconnect = {"account_id": ACCOUNT, "platform": "x"}
    httpx.post(world.emulator.site_url + "/__admin/profiles/disconnect", json=disconnect,
               timeout=10).raise_for_status()
    await world.restart_under_faults()
    assert live(world.emulator, "move refused, cancel kept") == []
    assert (await world.client.posts.get(post_id)).status == "cancelled"
    [intent] = cancel.intents
    assert (await lifecycle.outbox.get(intent.id)).state is IntentState.DONE  # type: ignore[union-attr]
