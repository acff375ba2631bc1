"""The page and the poller together on a qasync loop, as the main window will run them:
poller.run() as a kept task, the page refreshing itself from the ChangeBus."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import qasync

from s200desk.api import AsyncStatus200Client
from s200desk.config import Settings
from s200desk.services.analytics import EngagementPoller
from s200desk.services.events import ChangeBus
from s200desk.services.sync import SyncService
from s200desk.store import Database
from s200desk.ui.analytics import AnalyticsPage, CardState
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.qt import QApplication
from s200desk.ui.tasks import TaskKeeper


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop over the test's QApplication, closed afterwards (pytest-qt has none)."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        loop.close()
        asyncio.set_event_loop(None)


def test_poller_task_fills_the_page_through_the_bus(
    qtbot: Any, qloop: asyncio.AbstractEventLoop, emulator: Any, tmp_path: Path
) -> None:
    db = Database.open(tmp_path / "cache.sqlite3")
    bus = ChangeBus()
    settings = Settings(time_zone="Europe/Berlin")

    async def scenario() -> AnalyticsPage:
        async with AsyncStatus200Client(
            api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
        ) as client:
            for n in range(3):
                await client.posts.create(
                    account_id="@lumenstudio", platform="x", content={"text": f"post {n}"}
                )
            emulator.advance(timedelta(hours=3))
            await SyncService(client, db, bus).sync_all()
            tasks = TaskKeeper()
            poller = EngagementPoller(client, db, bus=bus, clock=emulator.clock.now)
            relay = ChangeRelay(bus)
            page = AnalyticsPage(db, relay, settings, poller=poller,
                                 clock=emulator.clock.now, tasks=tasks)
            relay.setParent(page)
            qtbot.addWidget(page)
            page.show()
            page.refresh()  # the first load: nothing polled yet
            tasks.start(poller.run(), name="analytics-poller")  # as the main window does
            for _ in range(200):  # the bus change reloads the page after the first poll
                await asyncio.sleep(0.05)
                if page.dashboard is not None and page.dashboard.measured and page.history:
                    break
            await tasks.aclose()
            page.close_page()
            return page

    page = qloop.run_until_complete(scenario())
    db.close()
    assert page.dashboard is not None and page.dashboard.totals.measured == 3
    assert page.top_model.rowCount() == 3
    assert page.platform_card.state is CardState.CONTENT
    assert page.history is not None and len(page.history.snapshots) == 1
    assert "3 posts measured" in page.status_label.text()
