"""Recurring series against the emulator (manual clock) through the real outbox: occurrences are
real scheduled posts at 09:00 wall-clock time, topping up twice or after a kill half-way leaves
exactly one post per occurrence, and skip / cancel take posts back on the server."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
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


@dataclass
class Daily:
    """A daily series at 09:00 Berlin from tomorrow, its posts sent to the emulator."""

    outbox: OutboxService
    series: SeriesService
    now: datetime
    first: datetime
    made: Any


async def daily_series(emulator: Any, client: Any, db: Any, text: str, days: int) -> Daily:
    outbox = OutboxService(db, client, policy=FAST)
    series = SeriesService(db, outbox)
    now, first = emulator.clock.now(), tomorrow_nine(emulator)
    spec = PostSpec(account_id=HANDLE, platform="x", text=text)
    made = await series.create(
        spec, build_rule("daily"), first, "Europe/Berlin", horizon=timedelta(days=days), now=now
    )
    await outbox.drain(group_of(made.id))
    return Daily(outbox, series, now, first, made)


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
    d = await daily_series(emulator, client, db, "Series to stop series-c4", days=4)
    outbox, series, now, first, made = d.outbox, d.series, d.now, d.first, d.made
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
    d = await daily_series(emulator, client, db, "old words series-e2", days=4)
    outbox, series, now, first, made = d.outbox, d.series, d.now, d.first, d.made
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


async def test_one_occurrence_changed_on_its_own_stays_in_the_series_as_an_exception(
    emulator: Any, client: Any, db: Any
) -> None:
    """An occurrence edited (or moved) by itself is "this event" of a calendar: changing every
    future post leaves it as the user made it and never makes a second post for its date;
    skip and end take back the post that holds it now; one cancelled by itself stays out."""
    from s200desk.services.lifecycle.service import PostLifecycle
    from s200desk.services.outbox import IntentState
    from s200desk.services.outbox.derive import PostChanges
    from s200desk.services.planning.series_service import series_post_ids
    from s200desk.services.scheduling import to_iso_z

    d = await daily_series(emulator, client, db, "series words series-x5", days=4)
    outbox, series, now, first, made = d.outbox, d.series, d.now, d.first, d.made
    life = PostLifecycle(outbox, poll=0.02, now=emulator.clock.now)
    days = [first + timedelta(days=n) for n in range(4)]

    def post_at(day: datetime, status: str = "scheduled") -> list[dict[str, Any]]:
        return [p for p in on_server(emulator, "series-x5") if p["status"] == status
                and _wall(p).date() == day.date()]  # fmt: skip

    async def change(post_id: str, changes: PostChanges) -> str:
        submitted = await life.edit(post_id, changes, platform="x")
        await outbox.drain(submitted.group_id)
        outcome = await life.settle(submitted, 10)
        assert outcome.ok and outcome.post_id, outcome
        return outcome.post_id

    # Day 2 edited and moved to 11:30 on its own; day 3 cancelled on its own.
    moved = days[1].replace(hour=11, minute=30).replace(tzinfo=BERLIN)
    [day2] = post_at(days[1])
    edited = await change(day2["id"], PostChanges(text="own words series-x5",
                                                  scheduled_for=to_iso_z(moved)))  # fmt: skip
    assert edited in await series_post_ids(outbox)  # still marked as one of the series
    [day3] = post_at(days[2])
    cancelled = await life.cancel(day3["id"], platform="x")
    await outbox.drain(cancelled.group_id)
    own = await series.changed_on_their_own(made.id)
    assert set(own.edited) == {days[1].strftime("%Y-%m-%dT%H:%M")}
    assert own.cancelled == {days[2].strftime("%Y-%m-%dT%H:%M")}

    # Every future post gets new words: days 1 and 4 are made again, day 2 stays as edited,
    # day 3 stays cancelled, and nothing is made twice.
    assert await series.edit_future(made.id, text="new words series-x5", now=now) == 2
    assert await series.top_up(now=now) == 0
    await outbox.drain(group_of(made.id))
    assert [p["caption"].split()[0] for p in post_at(days[0])] == ["new"]
    assert [(p["caption"].split()[0], _wall(p).strftime("%H:%M")) for p in post_at(days[1])] == [
        ("own", "11:30"),
    ]
    assert post_at(days[2]) == []
    assert [p["caption"].split()[0] for p in post_at(days[3])] == ["new"]

    # Edited again, then skipped: the newest version is the one taken back.
    again = await change(edited, PostChanges(text="own words again series-x5"))
    assert again in await series_post_ids(outbox)
    assert await series.skip(made.id, days[1])
    await outbox.drain(group_of(made.id))
    assert post_at(days[1]) == []
    assert await series.top_up(now=now) == 0

    # Day 4 edited on its own, then the series ends: every future post goes, the edit too.
    [day4] = post_at(days[3])
    await change(day4["id"], PostChanges(text="own day four series-x5"))
    assert await series.cancel(made.id, now=now) == 2
    await outbox.drain(group_of(made.id))
    assert {p["status"] for p in on_server(emulator, "series-x5")} == {"cancelled"}
    troubled = [i for i in await outbox.list()
                if i.state in (IntentState.FAILED, IntentState.NEEDS_ATTENTION)]  # fmt: skip
    assert troubled == []  # no post was cancelled twice


def _wall(post: dict[str, Any]) -> datetime:
    moment = datetime.fromisoformat(post["scheduled_for"].replace("Z", "+00:00"))
    return moment.astimezone(BERLIN).replace(tzinfo=None)


async def test_a_post_cancelled_on_its_own_is_not_the_series_next(
    emulator: Any, client: Any, db: Any
) -> None:
    from s200desk.services.lifecycle.service import PostLifecycle

    d = await daily_series(emulator, client, db, "next one series-n3", days=2)
    outbox, series, now, first, made = d.outbox, d.series, d.now, d.first, d.made
    assert (await series.list(now=now))[0].next.wall == first  # type: ignore[union-attr]
    [post] = [p for p in on_server(emulator, "series-n3") if _wall(p) == first]
    cancelled = await PostLifecycle(outbox).cancel(post["id"], platform="x")
    await outbox.drain(cancelled.group_id)
    [view] = await series.list(now=now)
    assert view.next is not None and view.next.wall == first + timedelta(days=1)
    assert await series.top_up(now=now) == 0
    before = len(await outbox.list())
    assert await series.skip(made.id, first)  # already gone: nothing more is sent
    assert len(await outbox.list()) == before
