"""While the server cannot be reached, the outbox tries less and less often (up to the policy's
``offline_cap``), and a sync that reaches it again sends what waited at once.

Before: an intent put back because the connection was refused waited 0.25-0.5 s whatever the
time offline (its tries are not counted), so five posts made ~100 connection attempts in 10 s,
for as long as the machine stayed offline. The emulator's manual clock holds the posts' times;
the outbox runs on the real clock, as in the app. Each post's time is a week after the emulator's
manual clock, so it holds on any date.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from full_posts import ACCOUNT, DOCS_KEY
from journeys import SwitchableServer

from s200desk.api import AsyncStatus200Client
from s200desk.services.events import Change, ChangeBus
from s200desk.services.outbox import OUTBOX, BackoffPolicy, IntentState, OutboxService, PostSpec

POLICY = BackoffPolicy(base=0.05, cap=60.0, offline_cap=15.0)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[SwitchableServer, OutboxService, list]]:
    from s200desk.store import Database

    server = SwitchableServer(tmp_path)
    client = AsyncStatus200Client(api_key=DOCS_KEY, base_url=server.base_url,
                                  site_url=server.site_url, timeout=2.0, max_retries=0)
    db = Database.open(tmp_path / "ws.sqlite3")
    bus = ChangeBus()
    told: list[Change] = []
    bus.subscribe(told.append)
    try:
        yield server, OutboxService(db, client, bus, policy=POLICY), told
    finally:
        await client.close()
        db.close()
        server.down()


async def _put_back_offline(outbox: OutboxService, intent_id: str) -> None:
    """Run the sender until the intent has been tried once and put back as unreachable."""
    sender = asyncio.ensure_future(outbox.run(poll=0.02))
    try:
        async with asyncio.timeout(30):
            while True:
                intent = await outbox.get(intent_id)
                assert intent is not None
                if intent.last_error_code == "offline" and intent.next_attempt_at is not None:
                    return
                await asyncio.sleep(0.01)
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)


def a_week_on(server: SwitchableServer) -> str:
    """A post time a week after the emulator's (manual) now, as the API writes times."""
    return (server.clock.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _wait_of(next_attempt_at: str) -> float:
    due = datetime.fromisoformat(next_attempt_at.replace("Z", "+00:00"))
    return (due - datetime.now(UTC)).total_seconds()


async def test_the_longer_offline_the_longer_the_wait_up_to_the_cap(world) -> None:
    server, outbox, _ = world
    server.down()
    [intent] = await outbox.submit_posts(
        [PostSpec(platform="linkedin", account_id=ACCOUNT, text="written on a train",
                  scheduled_for=a_week_on(server))]
    )

    # Offline for a moment: the next try comes within a blink.
    await _put_back_offline(outbox, intent.id)
    first = await outbox.get(intent.id)
    assert first is not None and first.state is IntentState.PENDING and first.attempts == 0
    assert _wait_of(first.next_attempt_at or "") < 1.0

    # Offline for a minute already (as the sender saw it): the wait is about the cap.
    outbox.sender.offline_since = datetime.now(UTC) - timedelta(seconds=60)
    await outbox.store.due_now("offline")  # due again, to be tried now
    await _put_back_offline(outbox, intent.id)
    later = await outbox.get(intent.id)
    assert later is not None and later.attempts == 0  # never counted: it cannot give up
    wait = _wait_of(later.next_attempt_at or "")
    assert POLICY.offline_cap / 2 - 1 <= wait <= POLICY.offline_cap


async def test_a_sync_that_reaches_the_server_sends_what_waited_at_once(world) -> None:
    server, outbox, told = world
    server.down()
    [intent] = await outbox.submit_posts(
        [PostSpec(platform="linkedin", account_id=ACCOUNT, text="back online",
                  scheduled_for=a_week_on(server))]
    )
    outbox.sender.offline_since = datetime.now(UTC) - timedelta(seconds=60)
    await _put_back_offline(outbox, intent.id)
    waiting = await outbox.get(intent.id)
    assert waiting is not None and _wait_of(waiting.next_attempt_at or "") > 5

    server.up()
    sender = asyncio.ensure_future(outbox.run(poll=0.02))
    try:
        told.clear()
        await outbox.server_reached()  # what the app does after a sync succeeds
        async with asyncio.timeout(5):  # well inside the ≥ 7.5 s the intent was told to wait
            while (sent := await outbox.get(intent.id)) is None or not sent.settled:
                await asyncio.sleep(0.02)
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
    assert sent.state is IntentState.DONE and sent.post_id
    assert any(c.kind == OUTBOX and intent.id in c.ids for c in told)
    on_server = await outbox.sender.client.posts.get(sent.post_id)
    assert on_server.caption == "back online"
