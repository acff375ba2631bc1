"""Rescheduling through the outbox against the emulator, no display (design.md "Rescheduling").

The calendar's backend (``OutboxCalendarBackend``) over ``OutboxService.reschedule``: replacement
first, then the original's cancel; a refused replacement leaves the original; an original that went
out meanwhile takes its replacement down with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from s200desk.api import AsyncStatus200Client
from s200desk.services.outbox import BackoffPolicy, OutboxService
from s200desk.services.scheduling import parse_iso_utc
from s200desk.store import Database
from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
from s200desk.ui.posts.model import PostRow

ACCOUNT = "@lumenstudio"


def _live(emulator: Any, text: str) -> list[dict[str, Any]]:
    posts = requests.get(emulator.site_url + "/__admin/posts", timeout=10).json()["posts"]
    return [p for p in posts if p.get("caption") == text
            and p["status"] in ("scheduled", "published")]


class World:
    def __init__(self, emulator: Any, client: Any, outbox: OutboxService) -> None:
        self.emulator = emulator
        self.client = client
        self.outbox = outbox
        self.backend = OutboxCalendarBackend(outbox, poll=0.02, timeout=30,
                                             now=emulator.clock.now)

    async def create(self, text: str, when: datetime) -> PostRow:
        created = await self.client.posts.create(account_id=ACCOUNT, platform="x",
                                                 content={"text": text}, scheduled_for=when)
        return PostRow.from_post(await self.client.posts.get(created.post_id))

    def start_sender(self) -> asyncio.Task[Any]:
        return asyncio.ensure_future(self.outbox.run(poll=0.02))


@pytest.fixture
async def world(emulator: Any, tmp_path: Path) -> AsyncIterator[World]:
    client = AsyncStatus200Client(api_key=emulator.api_key, base_url=emulator.base_url,
                                  site_url=emulator.site_url, timeout=5.0, max_retries=1)
    db = Database.open(tmp_path / "ws.sqlite3")
    outbox = OutboxService(db, client, policy=BackoffPolicy(base=0.05, cap=0.2, cooldown=0.05))
    try:
        yield World(emulator, client, outbox)
    finally:
        await client.close()
        db.close()


async def test_reschedule_creates_the_replacement_then_cancels_the_original(world: World) -> None:
    post = await world.create("int move", datetime(2026, 5, 20, 9, tzinfo=UTC))
    sender = world.start_sender()
    try:
        outcome = await world.backend.reschedule(post, datetime(2026, 5, 21, 10, tzinfo=UTC))
    finally:
        sender.cancel()
    assert outcome.ok and outcome.post_id and outcome.post_id != post.id
    [live] = _live(world.emulator, "int move")
    assert live["id"] == outcome.post_id
    assert parse_iso_utc(live["scheduled_for"]) == datetime(2026, 5, 21, 10, tzinfo=UTC)
    intents = await world.outbox.list()
    assert sorted(i.role or "" for i in intents) == ["cancel_original", "replacement"]


async def test_a_refused_replacement_leaves_the_original(world: World) -> None:
    post = await world.create("int refused", datetime(2026, 5, 20, 9, tzinfo=UTC))
    requests.post(world.emulator.site_url + "/__admin/profiles/disconnect",
                  json={"account_id": ACCOUNT, "platform": "x"}, timeout=10).raise_for_status()
    sender = world.start_sender()
    try:
        outcome = await world.backend.reschedule(post, datetime(2026, 5, 21, 10, tzinfo=UTC))
    finally:
        sender.cancel()
    assert not outcome.ok and outcome.reason
    [live] = _live(world.emulator, "int refused")
    assert live["id"] == post.id
    assert parse_iso_utc(live["scheduled_for"]) == datetime(2026, 5, 20, 9, tzinfo=UTC)


async def test_an_original_published_meanwhile_takes_its_replacement_down(world: World) -> None:
    post = await world.create("int too late", datetime(2026, 5, 16, 12, 30, tzinfo=UTC))
    # The move is recorded, then the original goes out before the sender gets to the cancel.
    move = asyncio.ensure_future(
        world.backend.reschedule(post, datetime(2026, 5, 22, 9, tzinfo=UTC)))
    await asyncio.sleep(0.1)
    world.emulator.advance(timedelta(hours=1))
    sender = world.start_sender()
    try:
        outcome = await asyncio.wait_for(move, 30)
    finally:
        sender.cancel()
    assert not outcome.ok
    assert "went out" in (outcome.reason or "")
    live = _live(world.emulator, "int too late")
    assert [(p["id"], p["status"]) for p in live] == [(post.id, "published")]
