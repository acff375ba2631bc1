"""Closing a SyncService mid-sync stops the sync before the client and the store close.

A caller that is cancelled while it waits leaves the sync running (``sync_all`` shields it), so
without ``aclose`` a sync outlived its session: it wrote into a closed store ("database is
closed") and its half-made connection was never closed (a ResourceWarning at the next collect).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.services.events import SYNC_STARTED, Change, ChangeBus
from s200desk.services.sync import SyncService
from s200desk.store import Database


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    from s200desk import paths

    database = await Database.open_async(paths.workspace_db_path("close"))
    yield database
    await database.aclose()


async def test_closing_stops_a_running_sync_before_the_client_and_store_close(
    emulator: Any, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    emulator.set_faults(latency_ms=300)  # the profiles request is still on its way when we close
    bus = ChangeBus()
    started = asyncio.Event()
    bus.subscribe(lambda change: started.set() if change == Change(SYNC_STARTED) else None)
    client = AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    )
    service = SyncService(client, db, bus)
    caller = asyncio.ensure_future(service.sync_all())
    await asyncio.wait_for(started.wait(), 10)
    caller.cancel()  # what a closing window does to its tasks; the sync itself runs on

    with caplog.at_level(logging.WARNING, logger="s200desk.services.sync"):
        await service.aclose()
        assert not service.running
        await client.close()
        await db.aclose()
        await asyncio.sleep(0.5)  # longer than the request's latency: a sync left running fails now

    assert caller.cancelled()
    assert "sync failed" not in caplog.text
