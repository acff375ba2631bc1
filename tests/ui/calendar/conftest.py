"""Calendar fixtures: a qasync loop for the test's QApplication, and a page wired to the emulator.

pytest-qt does not drive asyncio, so each test gets a ``qasync.QEventLoop`` and runs coroutines on
it with ``harness.run(...)``; Qt events are processed while they run.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_API", "pyside6")


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()
        asyncio.set_event_loop(None)


def press_move_release(view: Any, start: Any, end: Any, steps: int = 6) -> None:
    """A real mouse drag on ``view``'s viewport: press, moves with the button held, release."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    viewport = view.viewport()
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier

    def send(kind: Any, pos: Any, button: Any, buttons: Any) -> None:
        local = QPointF(pos)
        global_ = QPointF(viewport.mapToGlobal(pos))
        event = QMouseEvent(kind, local, global_, button, buttons, none)
        QApplication.sendEvent(viewport, event)

    send(QMouseEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, steps + 1):
        x = start.x() + (end.x() - start.x()) * i // steps
        y = start.y() + (end.y() - start.y()) * i // steps
        send(QMouseEvent.Type.MouseMove, type(start)(x, y), Qt.MouseButton.NoButton, left)
    send(QMouseEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)


@dataclass
class Harness:
    loop: asyncio.AbstractEventLoop
    emulator: Any
    page: Any
    client: Any
    outbox: Any
    db: Any
    account: str = "@lumenstudio"
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
        async def inside() -> Any:
            # The sender starts inside a run: a task stepped by Qt outside run_until_complete
            # (pytest-qt processes events between test phases) would find no running loop.
            if not self.tasks:
                self.tasks.append(asyncio.ensure_future(self.outbox.run(poll=0.02)))
            return await asyncio.wait_for(coro, timeout)

        return self.loop.run_until_complete(inside())

    async def create(self, text: str, when: datetime, platform: str = "x") -> str:
        created = await self.client.posts.create(
            account_id=self.account, platform=platform, content={"text": text},
            scheduled_for=when)
        return str(created.post_id)

    async def refresh(self) -> None:
        """What a sync would do: the server's posts into the page."""
        self.page.set_posts(await self.client.posts.list_all())

    def admin_posts(self, text: str | None = None) -> list[dict[str, Any]]:
        import requests

        posts = requests.get(self.emulator.site_url + "/__admin/posts", timeout=10).json()["posts"]
        return [p for p in posts if text is None or p.get("caption") == text]

    def live(self, text: str) -> list[dict[str, Any]]:
        """Copies of the post that exist on the server: scheduled or published."""
        return [p for p in self.admin_posts(text) if p["status"] in ("scheduled", "published")]

    def drag(self, view: Any, post_id: str, target: Any) -> None:
        rect = view.chip_rect(post_id)
        assert rect is not None, f"chip {post_id} is not on screen"
        press_move_release(view, rect.center(), target)

    @staticmethod
    def make_settings(**kw: Any) -> Any:
        return make_settings(**kw)

    def settle(self, timeout: float = 30.0) -> None:
        self.run(self.page.wait_idle(), timeout)


def make_settings(time_zone: str = "UTC", plan: str = "agency", first: str = "monday") -> Any:
    from s200desk.config import Settings

    return Settings(time_zone=time_zone, plan=plan, first_day_of_week=first)


@pytest.fixture
def harness(qloop: asyncio.AbstractEventLoop, qtbot: Any, emulator: Any,
            tmp_path: Path) -> Iterator[Harness]:
    from s200desk.api import AsyncStatus200Client
    from s200desk.services.outbox import BackoffPolicy, OutboxService
    from s200desk.store import Database, PostsRepo  # noqa: F401
    from s200desk.ui.calendar import CalendarPage
    from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend

    async def make_client() -> Any:
        return AsyncStatus200Client(api_key=emulator.api_key, base_url=emulator.base_url,
                                    site_url=emulator.site_url, timeout=5.0, max_retries=1)

    client = qloop.run_until_complete(make_client())
    db = Database.open(tmp_path / "ws.sqlite3")
    outbox = OutboxService(db, client, policy=BackoffPolicy(base=0.05, cap=0.2, cooldown=0.05))
    backend = OutboxCalendarBackend(outbox, lookup=client.posts.get, poll=0.02, timeout=25)
    page = CalendarPage(backend=backend, settings=make_settings(), clock=emulator.clock.now)
    page.resize(1100, 760)
    qtbot.addWidget(page)
    page.show()
    h = Harness(qloop, emulator, page, client, outbox, db)
    try:
        yield h
    finally:
        for task in h.tasks:
            task.cancel()
        qloop.run_until_complete(asyncio.gather(*h.tasks, return_exceptions=True))
        qloop.run_until_complete(client.close())
        db.close()


EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)
