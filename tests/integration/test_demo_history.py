"""Demo history backfill: the seeded past equals what polling the emulator would have stored."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.emulator import EmulatorServer, ManualClock
from s200desk.services.analytics import (
    DateRange,
    EngagementPoller,
    PollSchedule,
    load_dashboard,
    load_post_history,
    series,
)
from s200desk.services.analytics.demo_history import (
    backfill_demo_history,
    backfill_demo_history_after_sync,
    cadence,
)
from s200desk.services.events import SYNC_FINISHED, Change, ChangeBus
from s200desk.store import Database, PostsRepo
from s200desk.store.analytics_repo import AnalyticsRepo

HANDLE = "@lumenstudio"
# The `emulator` fixture's start (tests/conftest.py).
EMULATOR_EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "cache.sqlite3")
    yield database
    await database.aclose()


@pytest.fixture
async def other_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "other.sqlite3")
    yield database
    await database.aclose()


@pytest.fixture(scope="module")
def demo() -> Iterator[EmulatorServer]:
    """The demo seed at the tests' epoch; tests that move its clock put it back."""
    server = EmulatorServer(
        seed="demo", plan="agency", clock=ManualClock(EMULATOR_EPOCH), cooldown_seconds=0
    ).start()
    try:
        yield server
    finally:
        server.stop()


def client_for(server: Any) -> AsyncStatus200Client:
    return AsyncStatus200Client(
        api_key=server.api_key, base_url=server.base_url, site_url=server.site_url
    )


async def sync_posts(client: AsyncStatus200Client, db: Database) -> None:
    await PostsRepo(db).upsert_many(await client.posts.list_all())


def as_rows(snapshots: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (s.post_id, s.platform, s.account_id, s.polled_at, s.views, s.likes, s.comments,
         s.shares, s.saves)
        for s in snapshots
    ]


async def test_backfill_equals_what_the_poller_stored_as_the_clock_advanced(
    emulator: Any, db: Database, other_db: Database
) -> None:
    async with client_for(emulator) as client:
        for n, platform in enumerate(("x", "linkedin")):
            await client.posts.create(
                account_id=HANDLE, platform=platform, content={"text": f"now {n}"}
            )
        later_at = EMULATOR_EPOCH + timedelta(hours=1, minutes=7, seconds=30)
        await client.posts.create(
            account_id=HANDLE, platform="x", content={"text": "later"}, scheduled_for=later_at
        )
        await sync_posts(client, db)
        # The real poller, woken whenever something is due, for eight and a half days.
        poller = EngagementPoller(client, db, clock=emulator.clock.now, max_per_cycle=50)
        end = EMULATOR_EPOCH + timedelta(days=8, hours=12)
        cycles = 0
        while True:
            await sync_posts(client, db)
            await poller.poll_due()
            cycles += 1
            wake = await poller.next_wakeup()
            assert wake is not None
            if emulator.clock.now() < later_at < wake:
                wake = later_at  # a sync would bring the scheduled post as it publishes
            if wake > end:
                break
            emulator.advance(wake - emulator.clock.now())
        emulator.advance(end - emulator.clock.now())
        polled = await AnalyticsRepo(db).snapshots()
        assert cycles > 200 and len(polled) > 3 * 200

        # A fresh cache of the same posts, backfilled at the end: the very same snapshots.
        await sync_posts(client, other_db)
        report = await backfill_demo_history(other_db, emulator)
        backfilled = await AnalyticsRepo(other_db).snapshots()
        assert as_rows(backfilled) == as_rows(polled)
        assert (report.posts, report.filled, report.missing) == (3, 3, 0)
        assert report.stored == report.readings == len(polled)
        # The poller would carry on exactly where it would have been due.
        theirs = await AnalyticsRepo(db).poll_states()
        ours = await AnalyticsRepo(other_db).poll_states()
        assert {k: (s.next_due_at, s.last_success_at) for k, s in ours.items()} == {
            k: (s.next_due_at, s.last_success_at) for k, s in theirs.items()
        }
        # The scheduled post starts at its publish time, mid-quarter-hour.
        later = [s for s in backfilled if s.polled_at.second == 30]
        assert later[0].polled_at == later_at

        # Twice adds nothing.
        again = await backfill_demo_history(other_db, emulator)
        assert (again.readings, again.stored) == (0, 0)
        assert await AnalyticsRepo(other_db).count() == len(polled)


async def test_demo_seed_backfill_is_fast_idempotent_and_true(
    demo: EmulatorServer, db: Database, other_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loop (the UI thread, in the app) must stay free: the planning and the building of
    # 10,000+ snapshots run in workers. Checked by where they run, not by a timing.
    from s200desk.services.analytics import demo_history

    ran_on: list[tuple[str, threading.Thread]] = []
    for name in ("_plan", "_from_server"):
        real = getattr(demo_history, name)

        def spy(*args: Any, _real: Any = real, _name: str = name) -> Any:
            ran_on.append((_name, threading.current_thread()))
            return _real(*args)

        monkeypatch.setattr(demo_history, name, spy)
    async with client_for(demo) as client:
        await sync_posts(client, db)
        await sync_posts(client, other_db)
        bus = ChangeBus()
        changes: list[Change] = []
        bus.subscribe(changes.append)

        loop_cpu = time.thread_time()
        wall = time.perf_counter()
        report = await backfill_demo_history(db, demo, bus=bus)
        wall = time.perf_counter() - wall
        loop_cpu = time.thread_time() - loop_cpu  # CPU this (the event loop's) thread spent
        print(f"\ndemo backfill: {report.stored} snapshots of {report.filled} posts, "
              f"{wall:.2f} s wall, {loop_cpu:.2f} s on the loop")
        assert report.stored > 10_000 and report.filled > 100 and report.missing == 0
        loop_thread = threading.current_thread()
        assert sorted(name for name, _ in ran_on) == ["_from_server", "_plan"]
        assert all(thread is not loop_thread for _, thread in ran_on), ran_on
        assert changes and changes[-1].kind == "analytics"
        assert set(changes[-1].ids) == set(report.post_ids)

        repo = AnalyticsRepo(db)
        count = await repo.count()
        assert count == report.stored
        again = await backfill_demo_history(db, demo)
        assert (again.readings, again.stored) == (0, 0) and await repo.count() == count

        # Every post follows the cadence from its publish time up to now, nothing after.
        schedule = PollSchedule()
        posts = await repo.post_metrics()
        for post in posts[:: max(1, len(posts) // 20)]:
            stored = await repo.series(post.post_id)
            assert [s.polled_at for s in stored] == cadence(
                post.published_at, EMULATOR_EPOCH, schedule
            )

        # Spot checks against poll-engagement itself, the clock taken back to those instants.
        oldest = min(posts, key=lambda p: p.published_at)
        youngest = max(posts, key=lambda p: p.published_at)
        clock = demo.clock
        assert isinstance(clock, ManualClock)
        try:
            for post in (oldest, youngest, posts[len(posts) // 2]):
                stored = await repo.series(post.post_id)
                for snap in stored[:: max(1, len(stored) // 10)] + stored[-1:]:
                    clock.set(snap.polled_at)
                    truth = await client.analytics.get(post.post_id)
                    assert truth.polled_at == snap.polled_at
                    assert (truth.metrics.views, truth.metrics.likes, truth.metrics.comments,
                            truth.metrics.shares, truth.metrics.saves) == (
                        snap.views, snap.likes, snap.comments, snap.shares, snap.saves)
        finally:
            clock.set(EMULATOR_EPOCH)

        # The admin route gives the same history as the in-process method.
        by_http = await backfill_demo_history(other_db, demo.site_url)
        assert (by_http.stored, by_http.filled) == (report.stored, report.filled)
        assert as_rows(await AnalyticsRepo(other_db).snapshots()) == as_rows(
            await repo.snapshots()
        )

        # What the Analytics view shows: multi-point series, four weeks of measured posts.
        history = await load_post_history(db, oldest.post_id)
        points = series(history.snapshots, "views")
        assert len(points) > 96 + 144 + 20
        assert [v for _, v in points] == sorted(v for _, v in points) and points[-1][1] > 0
        assert history.caption and history.platform == oldest.platform
        dashboard = await load_dashboard(db, DateRange.all_time(), UTC)
        assert dashboard.measured and dashboard.snapshot_count == count
        assert dashboard.totals.measured == len(posts) and dashboard.totals.views > 0
        assert len(dashboard.by_platform) >= 5 and not dashboard.heatmap.empty
        week = await load_dashboard(db, DateRange.last_days(7, EMULATOR_EPOCH), UTC)
        assert 0 < week.totals.posts < dashboard.totals.posts

        # The poller carries on from the cadence instead of re-polling every post at once.
        poller = EngagementPoller(client, db, clock=demo.clock.now)
        first = await poller.poll_due()
        assert first.attempted < len(posts) // 10


async def test_backfill_fills_only_before_what_the_poller_already_stored(
    emulator: Any, db: Database
) -> None:
    async with client_for(emulator) as client:
        post = await client.posts.create(account_id=HANDLE, platform="x", content={"text": "a"})
        emulator.advance(timedelta(hours=3, minutes=5))
        await sync_posts(client, db)
        poller = EngagementPoller(client, db, clock=emulator.clock.now)
        await poller.poll_due()  # the poller's first reading: now
        state = (await poller.repo.poll_states())[post.post_id]
        emulator.advance(timedelta(hours=1))

        report = await backfill_demo_history(db, emulator)
        stored = await poller.repo.series(post.post_id)
        # 12:00 … 15:00 every quarter-hour, then the poller's own 15:05; nothing after it.
        assert report.stored == 13 and len(stored) == 14
        assert stored[-1].polled_at == EMULATOR_EPOCH + timedelta(hours=3, minutes=5)
        assert stored[-2].polled_at == EMULATOR_EPOCH + timedelta(hours=3)
        assert (await poller.repo.poll_states())[post.post_id] == state  # left as it was


async def test_after_sync_helper_waits_for_the_sync_to_finish(
    emulator: Any, db: Database
) -> None:
    async with client_for(emulator) as client:
        await client.posts.create(account_id=HANDLE, platform="x", content={"text": "a"})
        emulator.advance(timedelta(hours=2))
        bus = ChangeBus()
        task = asyncio.create_task(backfill_demo_history_after_sync(db, bus, emulator))
        await asyncio.sleep(0.05)
        assert not task.done() and len(bus) == 1
        await sync_posts(client, db)
        bus.publish(Change(SYNC_FINISHED))
        report = await asyncio.wait_for(task, 5)
        assert report.stored == 9 and len(bus) == 0
