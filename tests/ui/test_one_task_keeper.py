"""The calendar's moves and the media thumbnails run in the app's one task keeper: closing the
app cancels them, and nothing keeps tasks of its own beside it (issue 15)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from s200desk.ui.qt import QtGui
from s200desk.ui.tasks import TaskKeeper


def test_a_calendar_move_runs_in_the_apps_keeper_and_its_close_cancels_it(
    qtbot: Any, arun: Any
) -> None:
    from s200desk.ui.calendar.page import CalendarPage

    keeper = TaskKeeper()
    page = CalendarPage(tasks=keeper)
    qtbot.addWidget(page)
    outcome: list[str] = []

    async def a_move_waiting_for_the_server() -> None:
        try:
            await asyncio.sleep(60)
            outcome.append("finished")
        except asyncio.CancelledError:
            outcome.append("cancelled")
            raise

    async def scenario() -> None:
        page.runner.keep(a_move_waiting_for_the_server())
        await asyncio.sleep(0)
        assert page.runner.busy and keeper.pending == 1
        await keeper.aclose()

    arun(scenario())
    assert outcome == ["cancelled"]
    assert not page.runner.busy


def test_a_thumbnail_read_runs_in_the_keeper_it_is_given(
    qapp: Any, arun: Any, tmp_path: Path
) -> None:
    from s200desk.ui.media.thumbnails import ThumbnailCache

    image = QtGui.QImage(320, 240, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("#3366CC"))
    path = tmp_path / "photo.png"
    assert image.save(str(path))
    ready: list[str] = []
    cache = ThumbnailCache(ready.append)
    keeper = TaskKeeper()
    cache.use_tasks(keeper)

    async def scenario() -> None:
        cache.request("m1", str(path))
        assert keeper.pending == 1  # the read is the keeper's, not a set of the cache's own
        while not ready:
            await asyncio.sleep(0.01)

    arun(scenario())
    assert ready == ["m1"] and cache.get("m1") is not None
    arun(keeper.aclose())
    cache.request("m2", str(path))  # the app is closing: no read starts, nothing is shown
    assert cache.get("m2") is None and ready == ["m1"]
