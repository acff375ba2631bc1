"""Journey: compose a post with media and every option, then move it twice on the calendar.

Through the layers the window uses: the composer's state turned into the outbox's posts (its
submit path), the calendar's move backend (``OutboxCalendarBackend``) with the calendar's own drop
arithmetic (month-view day drop, week-view slot drop), in Europe/Berlin across both DST changes.
After each step the server's post, read by id, is compared field by field with what the user set.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from full_posts import ACCOUNT, FULL, INSTAGRAM_REEL
from journeys import ZONE, Wanted, live, media_types, mismatches, wall, with_sender, workspace_on

from s200desk.services.outbox import OutboxService
from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
from s200desk.ui.calendar.timegrid import move_to_day, move_to_slot
from s200desk.ui.composer.checks import resolve_when
from s200desk.ui.composer.state import ComposerState, MediaItem
from s200desk.ui.posts.model import PostRow

T = TypeVar("T")
TZ = ZoneInfo(ZONE)


class World:
    def __init__(self, emulator: Any, client: Any, outbox: OutboxService) -> None:
        self.emulator = emulator
        self.client = client
        self.outbox = outbox
        self.calendar = OutboxCalendarBackend(outbox, poll=0.02, timeout=60,
                                              now=emulator.clock.now)

    async def with_sender(self, step: Awaitable[T]) -> T:
        """``step`` while the window's sender loop runs."""
        return await with_sender(self.outbox, step)  # type: ignore[no-any-return]

    async def compose(self, state: ComposerState) -> list[str]:
        """The composer's Send: its state resolved in the user's zone, recorded, sent."""
        resolved, error, _note = resolve_when(state, ZONE, self.emulator.clock.now())
        assert error is None and resolved is not None
        intents = await self.outbox.submit_posts(state.specs(resolved.iso_z), group_id="compose")
        assert await self.outbox.drain("compose") == {"done": len(intents)}
        return [i.post_id or "" for i in await self.outbox.list(group_id="compose")
                if i.kind.value == "create"]  # fmt: skip

    async def row(self, post_id: str) -> PostRow:
        return PostRow.from_post(await self.client.posts.get(post_id))


@pytest.fixture
async def world(emulator: Any, tmp_path: Path) -> AsyncIterator[World]:
    async with workspace_on(emulator, tmp_path) as (client, outbox):
        yield World(emulator, client, outbox)


CASES = {**{p: FULL[p] for p in FULL}, "instagram-reel": INSTAGRAM_REEL}


@pytest.mark.parametrize("case", list(CASES))
async def test_a_composed_post_keeps_everything_through_two_calendar_moves(
    world: World, case: str
) -> None:
    platform = case.split("-")[0]
    urls, options = CASES[case]
    caption = f"Spring drop ✨ {case}\nline two #launch"
    # Composed in May for 20 October, 09:30 Berlin summer time (UTC+2).
    state = ComposerState(caption=caption, targets=[(platform, ACCOUNT)],
                          options={platform: dict(options)},
                          media=[MediaItem(url=u) for u in urls], when="2026-10-20 09:30")
    [post_id] = await world.compose(state)
    first = await world.client.posts.get(post_id)
    want = Wanted(caption, platform, ACCOUNT, datetime(2026, 10, 20, 7, 30, tzinfo=UTC),
                  "2026-10-20 09:30", media_types(urls), dict(options),
                  file_ids=tuple(m.file_id for m in first.media))
    assert len(set(want.file_ids or ())) == len(urls)
    assert mismatches(first, want) == {}

    # Month view: dropped on 3 November, past the autumn change: still 09:30, now UTC+1.
    row = await world.row(post_id)
    target = move_to_day(row.when, date(2026, 11, 3), TZ)  # type: ignore[arg-type]
    moved = await world.with_sender(world.calendar.reschedule(row, target.utc))
    assert moved.ok, moved.reason
    want = want.moved(target.utc, "2026-11-03 09:30")
    assert target.utc.hour == 8  # 09:30 CET
    assert mismatches(await world.client.posts.get(moved.post_id or ""), want) == {}

    # Week view: dropped in the 14:00 slot of 30 March 2027, past the spring change (UTC+2).
    row = await world.row(moved.post_id or "")
    target = move_to_slot(row.when, date(2027, 3, 30), 14, TZ)  # type: ignore[arg-type]
    again = await world.with_sender(world.calendar.reschedule(row, target.utc))
    assert again.ok, again.reason
    want = want.moved(target.utc, "2027-03-30 14:30")
    assert wall(target.utc, "UTC") == "2027-03-30 12:30"
    final = await world.client.posts.get(again.post_id or "")
    assert mismatches(final, want) == {}
    # Exactly one post carries it; the two it replaced are cancelled.
    assert [p["id"] for p in live(world.emulator, caption)] == [again.post_id]
    for old in (post_id, moved.post_id or ""):
        assert (await world.client.posts.get(old)).status == "cancelled"


async def test_a_post_composed_for_two_profiles_moves_one_and_leaves_the_other(
    world: World,
) -> None:
    urls, options = FULL["tiktok"]
    caption = "two targets, one moved"
    state = ComposerState(caption=caption, targets=[("tiktok", ACCOUNT), ("youtube", ACCOUNT)],
                          options={"tiktok": dict(options),
                                   "youtube": dict(FULL["youtube"][1])},
                          media=[MediaItem(url=urls[0])], when="2026-06-01 18:00")
    tiktok_id, youtube_id = await world.compose(state)
    row = await world.row(tiktok_id)
    moved = await world.with_sender(
        world.calendar.reschedule(row, row.when + timedelta(days=1)))  # type: ignore[operator]
    assert moved.ok, moved.reason
    tiktok = await world.client.posts.get(moved.post_id or "")
    youtube = await world.client.posts.get(youtube_id)
    assert wall(tiktok.scheduled_for) == "2026-06-02 18:00"  # type: ignore[arg-type]
    assert wall(youtube.scheduled_for) == "2026-06-01 18:00"  # type: ignore[arg-type]
    assert tiktok.platform_options == options
    assert youtube.platform_options == FULL["youtube"][1]
    assert [m.file_id for m in tiktok.media] == [m.file_id for m in youtube.media]
    assert sorted(p["platform"] for p in live(world.emulator, caption)) == ["tiktok", "youtube"]
