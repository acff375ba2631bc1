"""Polling poll-engagement against the real emulator over loopback, with its manual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.services.analytics import EngagementPoller
from s200desk.store import Database, PostsRepo
from s200desk.store.analytics_repo import METRICS

HANDLE = "@lumenstudio"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "cache.sqlite3")
    yield database
    await database.aclose()


@pytest.fixture
async def client(emulator: Any) -> AsyncIterator[AsyncStatus200Client]:
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as c:
        yield c


async def sync_posts(client: AsyncStatus200Client, db: Database) -> None:
    """What the sync service does for us here: the server's posts into the cache."""
    await PostsRepo(db).upsert_many(await client.posts.list_all())


async def test_polling_builds_history_that_matches_the_emulator(
    emulator: Any, client: AsyncStatus200Client, db: Database
) -> None:
    published = [
        (await client.posts.create(account_id=HANDLE, platform=p, content={"text": f"hi {n}"}))
        .post_id
        for n, p in enumerate(("x", "linkedin", "x"))
    ]
    later = await client.posts.create(
        account_id=HANDLE, platform="linkedin", content={"text": "later"},
        scheduled_for=emulator.clock.now() + timedelta(hours=2),
    )
    await sync_posts(client, db)
    poller = EngagementPoller(client, db, clock=emulator.clock.now, concurrency=2)

    first = await poller.poll_due()
    assert first.attempted == 3 and first.stored == 3  # the scheduled post is not polled

    # Eight quarter-hours on the first day: every young post is polled each time.
    for _ in range(8):
        emulator.advance(timedelta(minutes=15))
        report = await poller.poll_due()
        assert (report.attempted, report.stored, report.failed) == (3, 3, 0)
        # What we stored is exactly what the emulator says right now.
        for post_id in published:
            truth = await client.analytics.get(post_id)
            stored = (await poller.repo.series(post_id))[-1]
            assert stored.polled_at == truth.polled_at == emulator.clock.now()
            expected = [getattr(truth.metrics, m) for m in METRICS]
            assert [stored.metric(m) for m in METRICS] == expected

    for post_id in published:
        history = await poller.repo.series(post_id)
        assert len(history) == 9
        views = [s.views for s in history]
        assert views == sorted(views) and views[-1] > views[0]  # growing, never shrinking

    # Five minutes on, nothing is due: no request, no snapshot.
    emulator.advance(timedelta(minutes=5))
    assert (await poller.poll_due()).attempted == 0

    # The scheduled post publishes; after a sync it is polled too.
    emulator.advance(timedelta(hours=2))
    await sync_posts(client, db)
    report = await poller.poll_due()
    assert report.attempted == 4 and report.stored == 4
    assert len(await poller.repo.series(later.post_id)) == 1

    # Past their first day the first posts are polled hourly; the younger one still quarterly.
    emulator.advance(timedelta(hours=20))
    await poller.poll_due()
    before = await poller.repo.count()
    emulator.advance(timedelta(minutes=15))
    report = await poller.poll_due()
    assert report.attempted == 1  # only the younger linkedin post
    emulator.advance(timedelta(minutes=45))
    report = await poller.poll_due()
    assert report.attempted == 4
    assert await poller.repo.count() == before + 5


async def test_unpublished_post_answers_404_and_is_not_an_error(
    emulator: Any, client: AsyncStatus200Client, db: Database
) -> None:
    created = await client.posts.create(account_id=HANDLE, platform="x", content={"text": "hi"})
    await sync_posts(client, db)
    # A post the cache believes published while the server has no metrics for it yet.
    scheduled = await client.posts.create(
        account_id=HANDLE, platform="linkedin", content={"text": "soon"},
        scheduled_for=emulator.clock.now() + timedelta(days=1),
    )
    await sync_posts(client, db)
    await PostsRepo(db).mark_status(scheduled.post_id, "published")
    await db.run(
        lambda c: c.execute(
            "UPDATE posts SET published_at = ? WHERE id = ?",
            ("2026-05-16T12:00:00.000Z", scheduled.post_id),
        )
    )
    poller = EngagementPoller(client, db, clock=emulator.clock.now)
    report = await poller.poll_due()
    assert (report.stored, report.no_metrics, report.failed) == (1, 1, 0)
    states = await poller.repo.poll_states()
    assert states[scheduled.post_id].last_outcome == "no_metrics"
    assert states[created.post_id].last_outcome == "ok"
    assert poller.status.last_error is None


async def test_emulator_faults_pause_and_back_off_then_polling_recovers(
    emulator: Any, db: Database
) -> None:
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url,
        max_retries=0,  # let the poller, not the client, see the 429s and 500s
    ) as client:
        post = await client.posts.create(account_id=HANDLE, platform="x", content={"text": "a"})
        await sync_posts(client, db)
        poller = EngagementPoller(client, db, clock=emulator.clock.now)
        start = emulator.clock.now()

        emulator.set_faults(burst_429_rate=1.0)
        report = await poller.poll_due()
        assert report.rate_limited == ["x"] and report.stored == 0
        assert poller.paused_until["x"] == start + timedelta(seconds=1)  # Retry-After: 1

        emulator.set_faults(burst_429_rate=0.0, error_rate=1.0)
        emulator.advance(timedelta(seconds=1))
        report = await poller.poll_due()
        assert report.failed == 1
        state = (await poller.repo.poll_states())[post.post_id]
        assert state.failures == 1 and state.next_due_at == emulator.clock.now() + timedelta(
            minutes=1
        )
        emulator.advance(timedelta(seconds=30))
        assert (await poller.poll_due()).attempted == 0  # still backing off

        emulator.set_faults(error_rate=0.0)
        emulator.advance(timedelta(seconds=30))
        report = await poller.poll_due()
        assert report.stored == 1
        assert (await poller.repo.poll_states())[post.post_id].failures == 0
