"""The outbox's clock is the one it is given: a post put back to wait is due when that clock
says so, whatever the computer's clock reads.

Before: the service took a clock, but the query of what is due read the system's, so with a
clock of its own the outbox sent a waiting post at once (its clock behind the computer's) or
never (ahead of it). The outbox here runs on the emulator's manual clock, set a month away from
the computer's in either direction; each post's time is a week after that clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from full_posts import ACCOUNT, DOCS_KEY
from journeys import SwitchableServer, live

from s200desk.api import AsyncStatus200Client
from s200desk.services.outbox import BackoffPolicy, IntentState, OutboxService, PostSpec
from s200desk.store import Database
from s200desk.store.timefmt import to_utc_iso

POLICY = BackoffPolicy(base=0.05, cap=60.0, offline_cap=15.0)
CAPTION = "sent when the outbox's clock says so"


@pytest.fixture(params=[-30, 30], ids=["clock behind", "clock ahead"])
async def world(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[SwitchableServer, OutboxService]]:
    server = SwitchableServer(tmp_path)
    server.clock.set(datetime.now(UTC) + timedelta(days=request.param))
    client = AsyncStatus200Client(api_key=DOCS_KEY, base_url=server.base_url,
                                  site_url=server.site_url, timeout=2.0, max_retries=0)
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        yield server, OutboxService(db, client, policy=POLICY, now=server.clock.now)
    finally:
        await client.close()
        db.close()
        server.down()


async def _run_turns(outbox: OutboxService, turns: int) -> None:
    """Let the sender loop look for due work ``turns`` times."""
    looked = 0

    async def enough() -> bool:
        nonlocal looked
        looked += 1
        return looked > turns

    await asyncio.wait_for(outbox.run(until=enough, poll=0.02), 30)


async def _put_back_offline(outbox: OutboxService, intent_id: str) -> None:
    sender = asyncio.ensure_future(outbox.run(poll=0.02))
    try:
        async with asyncio.timeout(30):
            while (intent := await outbox.get(intent_id)) is None or intent.next_attempt_at is None:
                await asyncio.sleep(0.01)
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)


async def test_a_waiting_post_is_sent_when_the_outbox_clock_reaches_its_time(world) -> None:
    server, outbox = world
    server.down()
    when = (server.clock.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    [intent] = await outbox.submit_posts(
        [PostSpec(platform="linkedin", account_id=ACCOUNT, text=CAPTION, scheduled_for=when)]
    )
    await _put_back_offline(outbox, intent.id)
    server.up()

    # The outbox's clock has not moved: the post keeps waiting, however many times it looks.
    await _run_turns(outbox, 5)
    waiting = await outbox.get(intent.id)
    assert waiting is not None and waiting.state is IntentState.PENDING
    assert live(server, CAPTION) == []

    # Its wait is over by that clock: the next look sends it, once.
    server.clock.advance(timedelta(seconds=POLICY.offline_cap))
    sender = asyncio.ensure_future(outbox.run(poll=0.02))
    try:
        async with asyncio.timeout(30):
            while (sent := await outbox.get(intent.id)) is None or not sent.settled:
                await asyncio.sleep(0.02)
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
    assert sent.state is IntentState.DONE
    assert [p["id"] for p in live(server, CAPTION)] == [sent.post_id]
    # The outbox's own record of it (the panel's "sent at") reads the same clock.
    assert sent.last_sent_at == sent.finished_at == to_utc_iso(server.clock.now())
