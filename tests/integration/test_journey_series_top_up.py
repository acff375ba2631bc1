"""Journey: a repeating post with a video and every option, whose later occurrences are recorded
days afterwards (the series' horizon moves with the clock: at start-up, after each sync).

Through the series service the composer and ``s200desk post --repeat`` use, the workspace's real
outbox and the emulator on its manual clock (never today's date). Every occurrence on the server,
read by id — the first ones and those the top-up adds later — must carry the caption, account,
the video, every option, at 09:00 in the series' zone (Europe/Berlin), across the autumn change.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from full_posts import ACCOUNT, FULL
from journeys import ZONE, Wanted, live, media_types, mismatches, with_sender, workspace_on

from s200desk.services.outbox import PostSpec
from s200desk.services.outbox.model import MediaRef
from s200desk.services.planning.recurrence import build_rule
from s200desk.services.planning.series_service import SeriesService, group_of
from s200desk.services.scheduling import localize


async def test_occurrences_topped_up_later_carry_the_media_and_options(
    emulator: Any, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    from future_dates import next_transition

    tz = ZoneInfo(ZONE)
    # A week before Berlin's autumn change, by the emulator's clock.
    change = next_transition(ZONE, gap=False, now=emulator.clock.now()).at
    emulator.clock.set(change - timedelta(days=7))
    urls, options = FULL["youtube"]
    caption = "every day at nine, video and all"
    start = (emulator.clock.now().astimezone(tz) + timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0, tzinfo=None)
    async with workspace_on(emulator, tmp_path) as (client, outbox):
        series = SeriesService(outbox.db, outbox)
        spec = PostSpec(account_id=ACCOUNT, platform="youtube", text=caption,
                        media=tuple(MediaRef(url=u) for u in urls), options=dict(options))
        made = await series.create(spec, build_rule("daily", count=10), start, ZONE,
                                   horizon=timedelta(days=8), now=emulator.clock.now())

        async def drained() -> None:
            while any(not i.settled for i in await outbox.list(group_id=group_of(made.id))):
                await asyncio.sleep(0.02)

        await with_sender(outbox, drained())
        first_round = len(live(emulator, caption))
        assert 0 < first_round < 10
        # Three days later the horizon has moved: the last ones are added.
        emulator.advance(timedelta(days=3))
        added = await series.top_up(now=emulator.clock.now())
        assert added > 0
        await with_sender(outbox, drained(), timeout=30)

        held = sorted(live(emulator, caption), key=lambda p: p["scheduled_for"])
        assert len(held) == first_round + added == 10
        for n, post in enumerate(held):
            wall = start + timedelta(days=n)
            when = localize(wall, tz).utc
            want = Wanted(caption, "youtube", ACCOUNT, when, f"{wall:%Y-%m-%d %H:%M}",
                          media_types(urls), dict(options))
            found = mismatches(await client.posts.get(post["id"]), want)
            if when <= emulator.clock.now():  # the days the clock moved past went out
                assert found.pop("status") == ("scheduled", "published")
            assert found == {}, wall
