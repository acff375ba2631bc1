"""One daily-cap count (services.quotas) for the composer, the calendar, the status bar and the
command line: the server's posts as stored, plus what the outbox holds. Emulator's manual clock."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from full_posts import ACCOUNT, DOCS_KEY

from s200desk.api import AsyncStatus200Client
from s200desk.services.lifecycle.service import PostLifecycle
from s200desk.services.outbox import BackoffPolicy, OutboxService, PostSpec
from s200desk.services.quotas import DailyQuota, utc_day_bounds
from s200desk.store import Database, PostsRepo


class World:
    def __init__(self, emulator: Any, client: Any, db: Any) -> None:
        self.emulator, self.client, self.db = emulator, client, db
        self.outbox = OutboxService(db, client, policy=BackoffPolicy(base=0.02, cap=0.1))
        self.posts = PostsRepo(db)
        self.quota = DailyQuota(self.posts, self.outbox)

    def day(self, days: int, hour: int = 10) -> datetime:
        d = (self.emulator.clock.now() + timedelta(days=days)).date()
        return datetime.combine(d, time(hour), tzinfo=UTC)

    async def schedule(self, platform: str, when: datetime, text: str) -> str:
        created = await self.client.posts.create(
            account_id=ACCOUNT, platform=platform, content={"text": text}, scheduled_for=when)
        return str(created.post_id)

    async def sync(self) -> None:
        await self.posts.upsert_many(await self.client.posts.list_all())

    async def used(self, platform: str, when: datetime) -> int:
        return await self.quota.count(platform, ACCOUNT, *utc_day_bounds(when))


@pytest.fixture
async def world(emulator: Any, tmp_path: Path) -> AsyncIterator[World]:
    client = AsyncStatus200Client(api_key=DOCS_KEY, base_url=emulator.base_url,
                                  site_url=emulator.site_url, timeout=5.0, max_retries=1)
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        yield World(emulator, client, db)
    finally:
        await client.close()
        db.close()


async def test_the_count_is_stored_posts_plus_the_outbox(world: World) -> None:
    d1, d2 = world.day(2), world.day(3)
    first = await world.schedule("x", d1, "one")
    await world.schedule("x", d1, "two")
    await world.schedule("x", d1.replace(hour=23, minute=59), "late on the same UTC day")
    await world.sync()
    assert await world.used("x", d1) == 3
    # Not sent yet: a new post on d1 counts there at once.
    await world.outbox.submit_posts([PostSpec(account_id=ACCOUNT, platform="x", text="three",
                                              scheduled_for=d1.isoformat())])
    assert await world.used("x", d1) == 4
    # A move in flight: its replacement counts on d2 and the original's place on d1 is free.
    await PostLifecycle(world.outbox, now=world.emulator.clock.now).reschedule(first, d2)
    assert await world.used("x", d1) == 3
    assert await world.used("x", d2) == 1
    assert await world.used("linkedin", d1) == 0


async def test_sent_posts_are_not_counted_twice_once_synced(world: World) -> None:
    d1 = world.day(2)
    await world.outbox.submit_posts(
        [PostSpec(account_id=ACCOUNT, platform="x", text="sent", scheduled_for=d1.isoformat())])
    await world.outbox.run(stop_when_idle=True, poll=0.02)
    assert await world.used("x", d1) == 1  # done, not synced yet: the outbox counts it
    await world.sync()
    assert await world.used("x", d1) == 1  # synced: the store counts it, the outbox does not


async def test_full_day_warning_names_what_will_happen(world: World) -> None:
    world.emulator.set_plan("free")
    d1 = world.day(2)
    for n in range(5):
        await world.schedule("x", d1, f"t{n}")
    await world.sync()
    [warning] = await world.quota.full_days([("x", ACCOUNT)], d1, "free")
    assert (warning.used, warning.cap) == (5, 5)
    assert "the server will refuse it" in warning.sentence()  # X: legacy endpoint only
    assert await world.quota.full_days([("x", ACCOUNT)], d1, "agency") == []
    assert await world.quota.next_free_moment([("x", ACCOUNT)], d1, "free") == (
        d1 + timedelta(days=1))


def test_the_command_line_warns_before_the_cap_moves_a_post(
    emulator: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from s200desk.cli import EXIT_OK, main

    monkeypatch.setenv("S200_API_KEY", DOCS_KEY)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    emulator.set_plan("free")
    # A day in the future of both the real clock (the command line's) and the emulator's.
    day = (datetime.now(UTC) + timedelta(days=3)).replace(hour=10, minute=0, second=0,
                                                          microsecond=0)

    async def fill() -> None:
        async with AsyncStatus200Client(api_key=DOCS_KEY, base_url=emulator.base_url,
                                        site_url=emulator.site_url) as client:
            for n in range(5):
                await client.posts.create_v2(account_id=ACCOUNT, platform="instagram",
                                             content={"text": f"fill {n}",
                                                      "mediaUrls": ["https://example.com/a.jpg"]},
                                             scheduled_for=day)

    asyncio.run(fill())
    code = main(["post", "--to", f"instagram:{ACCOUNT}", "--text", "sixth",
                 "--media", "https://example.com/b.jpg", "--at", day.isoformat(), "--json"])
    captured = capsys.readouterr()
    assert code == EXIT_OK
    assert "warning: instagram:@myprofile already has 5 of 5 posts" in captured.err
    [create] = [i for i in json.loads(captured.out) if i["kind"] == "create"]
    assert create["state"] == "queued_for_next_day"
