"""A real drag, undo and redo keep every option and the media of a post, on every platform.

The page is fed as the app feeds it: from the store, which a sync fills from the list endpoint
(no platform options). The server's replacement, read with GET by id, must still equal the
original field by field except the time. Dates come from the emulator's manual clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from calendar_support import press_move_release
from full_posts import DOCS_KEY, PLATFORMS, create_full, differences


class Page:
    def __init__(self, arun: Any, emulator: Any, page: Any, client: Any, outbox: Any,
                 posts: Any) -> None:
        self.arun, self.emulator, self.page = arun, emulator, page
        self.client, self.outbox, self.posts = client, outbox, posts
        self.tasks: list[asyncio.Task[Any]] = []

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 45.0) -> Any:
        async def inside() -> Any:
            if not self.tasks:  # the outbox's sender, as the main window runs it
                self.tasks.append(asyncio.ensure_future(self.outbox.run(poll=0.02)))
            return await asyncio.wait_for(coro, timeout)

        return self.arun(inside(), timeout + 5)

    async def sync(self) -> None:
        """The app's sync and reload: the list endpoint into the store, the store into the page."""
        await self.posts.upsert_many(await self.client.posts.list_all())
        self.page.set_posts(await self.posts.query())

    def settle(self) -> None:
        self.run(self.page.wait_idle())

    def get(self, post_id: str) -> Any:
        return self.run(self.client.posts.get(post_id))

    def live(self, caption: str) -> list[dict[str, Any]]:
        import requests

        posts = requests.get(self.emulator.site_url + "/__admin/posts", timeout=10).json()["posts"]
        return [p for p in posts if p.get("caption") == caption
                and p["status"] in ("scheduled", "published")]


def outbox_page(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path,
                zone: str = "UTC") -> Iterator[Page]:
    """The app's calendar page on a real outbox and the emulator, its times in ``zone``."""
    from s200desk.api import AsyncStatus200Client
    from s200desk.config import Settings
    from s200desk.services.outbox import BackoffPolicy, OutboxService
    from s200desk.store import Database, PostsRepo
    from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
    from s200desk.ui.calendar.page import CalendarPage

    async def make_client() -> Any:
        return AsyncStatus200Client(api_key=DOCS_KEY, base_url=emulator.base_url,
                                    site_url=emulator.site_url, timeout=5.0, max_retries=2)

    client = arun(make_client())
    db = Database.open(tmp_path / "ws.sqlite3")
    posts = PostsRepo(db)
    outbox = OutboxService(db, client, policy=BackoffPolicy(base=0.02, cap=0.1, cooldown=0.05))
    # The store as the lookup, as the app once had it: a replacement must not depend on it.
    backend = OutboxCalendarBackend(outbox, poll=0.02, timeout=40, now=emulator.clock.now)
    page = CalendarPage(backend=backend, settings=Settings(time_zone=zone, plan="agency"),
                        clock=emulator.clock.now)
    page.resize(1100, 760)
    qtbot.addWidget(page)
    page.show()
    p = Page(arun, emulator, page, client, outbox, posts)
    try:
        yield p
    finally:
        for task in p.tasks:
            task.cancel()
        arun(asyncio.gather(*p.tasks, return_exceptions=True))
        arun(client.close())
        db.close()


@pytest.fixture
def cal(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Page]:
    yield from outbox_page(arun, qtbot, emulator, tmp_path)


def _key(widget: Any, redo: bool = False) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    mods = Qt.KeyboardModifier.ControlModifier
    if redo:
        mods |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(widget, Qt.Key.Key_Z, mods)


def _only_live(cal: Page, caption: str) -> Any:
    live = cal.live(caption)
    assert len(live) == 1, live
    return cal.get(live[0]["id"])


def _day_at(cal: Page, days: int, hour: int) -> datetime:
    """``days`` after the emulator's (manual) now, at ``hour`` UTC."""
    day = (cal.emulator.clock.now() + timedelta(days=days)).date()
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _drag_undo_redo(cal: Page, platform: str, view: Any, start: datetime, target: datetime,
                    target_pos: Any) -> None:
    caption = f"{platform} {view.objectName()} drag"
    post_id = cal.run(create_full(cal.client, platform, start, caption))
    original = cal.get(post_id)
    cal.run(cal.sync())
    assert (cal.run(cal.posts.get(post_id))).platform_options == {}  # the list has none

    rect = view.chip_rect(post_id)
    assert rect is not None, "the chip is not on screen"
    press_move_release(view, rect.center(), target_pos())
    cal.settle()
    moved = _only_live(cal, caption)
    assert differences(original, moved) == {
        "scheduled_for": (original.model_dump(mode="json")["scheduled_for"],
                          moved.model_dump(mode="json")["scheduled_for"])}
    assert moved.scheduled_for == target

    view.setFocus()
    _key(view)
    cal.settle()
    undone = _only_live(cal, caption)
    assert undone.id != post_id and differences(original, undone) == {}

    _key(view, redo=True)
    cal.settle()
    redone = _only_live(cal, caption)
    assert set(differences(original, redone)) == {"scheduled_for"}
    assert redone.scheduled_for == target


@pytest.mark.parametrize("platform", PLATFORMS)
def test_month_drag_undo_redo_keep_everything(cal: Page, platform: str) -> None:
    start, target = _day_at(cal, 2, 9), _day_at(cal, 4, 9)
    cal.page.go_to(start.date())
    view = cal.page.month_view

    def where() -> Any:
        return view.visualRect(cal.page.month_table.index_of(target.date())).center()

    _drag_undo_redo(cal, platform, view, start, target, where)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_week_drag_undo_redo_keep_everything(cal: Page, platform: str) -> None:
    start, target = _day_at(cal, 3, 9), _day_at(cal, 4, 11)
    cal.page.go_to(start.date())
    cal.page.set_mode("week")
    view = cal.page.week_view
    view.scrollTo(cal.page.week_table.index_of(start.date(), 9))

    def where() -> Any:
        return view.visualRect(cal.page.week_table.index_of(target.date(), 11)).center()

    _drag_undo_redo(cal, platform, view, start, target, where)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_drag_and_undo_under_faults_and_drops_lose_nothing(cal: Page, platform: str) -> None:
    start, target = _day_at(cal, 2, 9), _day_at(cal, 5, 9)
    caption = f"{platform} faulty drag"
    post_id = cal.run(create_full(cal.client, platform, start, caption))
    original = cal.get(post_id)
    cal.run(cal.sync())
    cal.page.go_to(start.date())
    view = cal.page.month_view
    cal.emulator.set_faults(error_rate=0.15, drop_rate=0.15)
    try:
        rect = view.chip_rect(post_id)
        assert rect is not None
        press_move_release(
            view, rect.center(),
            view.visualRect(cal.page.month_table.index_of(target.date())).center())
        cal.settle()
        view.setFocus()
        _key(view)
        cal.settle()
    finally:
        cal.emulator.set_faults(error_rate=0.0, drop_rate=0.0)
    undone = _only_live(cal, caption)  # exactly one copy on the server
    assert undone.id != post_id and differences(original, undone) == {}
