"""Recurring series against the emulator (manual clock) through the real outbox: occurrences are
real scheduled posts at 09:00 wall-clock time, topping up twice or after a kill half-way leaves
exactly one post per occurrence, and skip / cancel take posts back on the server."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from s200desk.services.outbox import BackoffPolicy, OutboxService, PostSpec
from s200desk.services.planning.recurrence import build_rule
from s200desk.services.planning.series_service import SeriesService, group_of

HANDLE = "@lumenstudio"
FAST = BackoffPolicy(base=0.02, cap=0.1, cooldown=0.1)
BERLIN = ZoneInfo("Europe/Berlin")




def on_server(server: Any, token: str) -> list[dict[str, Any]]:
    posts = httpx.get(f"{server.site_url}/__admin/posts", timeout=10).json()["posts"]
    return [p for p in posts if token in (p.get("caption") or "")]


def tomorrow_nine(server: Any) -> datetime:
    """09:00 Berlin wall time on the day after the emulator's (manual) today."""
    local = server.clock.now().astimezone(BERLIN) + timedelta(days=1)
    return local.replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None)


async def test_occurrences_are_posts_once_each(emulator: Any, client: Any, db: Any) -> None:
    outbox = OutboxService(db, client, policy=FAST)
    series = SeriesService(db, outbox)
    now = emulator.clock.now()
    spec = PostSpec(account_id=HANDLE, platform="x", text="Daily tip series-7c1")
    made = await series.create(
        spec, build_rule("daily"), tomorrow_nine(emulator), "Europe/Berlin",
        horizon=timedelta(days=5), now=now,
    )  # fmt: skip
    assert await series.top_up(now=now) == 0  # the second run adds nothing
    await outbox.drain(group_of(made.id))
    posts = on_server(emulator, "series-7c1")
    assert len(posts) == 5 and all(p["status"] == "scheduled" for p in posts)
    walls = sorted(
        datetime.fromisoformat(p["scheduled_for"].replace("Z", "+00:00")).astimezone(BERLIN)
        for p in posts
    )
    assert {w.strftime("%H:%M") for w in walls} == {"09:00"}
    assert len({w.date() for w in walls}) == 5
    assert await series.top_up(now=now) == 0
    await outbox.drain(group_of(made.id))
    assert len(on_server(emulator, "series-7c1")) == 5

    # A day later the horizon moves on by one occurrence, and only that one is added.
    later = now + timedelta(days=1)
    assert await series.top_up(now=later) == 1
    await outbox.drain(group_of(made.id))
    counts = Counter(p["scheduled_for"] for p in on_server(emulator, "series-7c1"))
    assert len(counts) == 6 and set(counts.values()) == {1}


async def test_a_top_up_killed_half_way_is_finished_once(
    emulator: Any, client: Any, db: Any
) -> None:
    outbox = OutboxService(db, client, policy=FAST)
    series = SeriesService(db, outbox)
    now = emulator.clock.now()
    spec = PostSpec(account_id=HANDLE, platform="linkedin", text="Weekly notes series-k9")
    made = await series.create(
        spec, build_rule("daily"), tomorrow_nine(emulator), "Europe/Berlin",
        horizon=timedelta(days=2), now=now,
    )  # fmt: skip
    await outbox.drain(group_of(made.id))  # two sent before the "kill"
    await series.repo.update(made.id, horizon_days=6)  # the run that was killed meant six
    assert await series.top_up(now=now) == 4
    assert await series.top_up(now=now) == 0
    await outbox.drain(group_of(made.id))
    counts = Counter(p["scheduled_for"] for p in on_server(emulator, "series-k9"))
    assert len(counts) == 6 and set(counts.values()) == {1}


async def test_skip_and_cancel_take_posts_back(emulator: Any, client: Any, db: Any) -> None:
    outbox = OutboxService(db, client, policy=FAST)
    series = SeriesService(db, outbox)
    now = emulator.clock.now()
    first = tomorrow_nine(emulator)
    spec = PostSpec(account_id=HANDLE, platform="x", text="Series to stop series-c4")
    made = await series.create(
        spec, build_rule("daily"), first, "Europe/Berlin", horizon=timedelta(days=4), now=now
    )
    await outbox.drain(group_of(made.id))
    assert await series.skip(made.id, first + timedelta(days=1))
    await outbox.drain(group_of(made.id))
    statuses = Counter(p["status"] for p in on_server(emulator, "series-c4"))
    assert statuses == {"scheduled": 3, "cancelled": 1}
    assert await series.top_up(now=now) == 0  # a skipped occurrence is not made again

    assert await series.cancel(made.id, now=now) == 3
    await outbox.drain(group_of(made.id))
    statuses = Counter(p["status"] for p in on_server(emulator, "series-c4"))
    assert statuses == {"cancelled": 4}
    assert await series.list(now=now) == []


async def test_editing_future_occurrences_keeps_the_past(
    emulator: Any, client: Any, db: Any
) -> None:
    outbox = OutboxService(db, client, policy=FAST)
    series = SeriesService(db, outbox)
    now = emulator.clock.now()
    first = tomorrow_nine(emulator)
    spec = PostSpec(account_id=HANDLE, platform="x", text="old words series-e2")
    made = await series.create(
        spec, build_rule("daily"), first, "Europe/Berlin", horizon=timedelta(days=4), now=now
    )
    await outbox.drain(group_of(made.id))
    # Edited once the first post's time has passed (by the caller's clock): it stays as it was.
    later = first.replace(tzinfo=BERLIN).astimezone(now.tzinfo) + timedelta(hours=12)
    assert await series.edit_future(made.id, text="new words series-e2", now=later) == 3
    assert await series.top_up(now=later) == 0
    await outbox.drain(group_of(made.id))
    posts = on_server(emulator, "series-e2")
    by_text = Counter((p["caption"].split()[0], p["status"]) for p in posts)
    assert by_text == {("old", "scheduled"): 1, ("old", "cancelled"): 3, ("new", "scheduled"): 4}
    old = next(p for p in posts if p["status"] == "scheduled" and p["caption"].startswith("old"))
    assert datetime.fromisoformat(old["scheduled_for"].replace("Z", "+00:00")) < later
    new_walls = sorted(
        datetime.fromisoformat(p["scheduled_for"].replace("Z", "+00:00")).astimezone(BERLIN)
        for p in posts if p["caption"].startswith("new")
    )  # fmt: skip
    assert {w.strftime("%H:%M") for w in new_walls} == {"09:00"}
    assert len({w.date() for w in new_walls}) == 4
