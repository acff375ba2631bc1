"""Calendar fixtures: a page wired to the emulator through a real outbox, and a real mouse drag.

The qasync loop and ``arun`` come from ``tests/ui/conftest.py``; ``harness.run(...)`` runs a
coroutine on it (Qt events are processed meanwhile) with the outbox's sender going.
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
from calendar_support import press_move_release

os.environ.setdefault("QT_API", "pyside6")




@dataclass
class Harness:
    arun: Any
    emulator: Any
    page: Any
    client: Any
    outbox: Any
    db: Any
    account: str = "@lumenstudio"
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
        async def inside() -> Any:
            if not self.tasks:  # the outbox's sender, as the main window runs it
                self.tasks.append(asyncio.ensure_future(self.outbox.run(poll=0.02)))
            return await asyncio.wait_for(coro, timeout)

        return self.arun(inside(), timeout + 5)

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
def harness(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Harness]:
    from s200desk.api import AsyncStatus200Client
    from s200desk.services.outbox import BackoffPolicy, OutboxService
    from s200desk.store import Database, PostsRepo  # noqa: F401
    from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
    from s200desk.ui.calendar.page import CalendarPage

    async def make_client() -> Any:
        return AsyncStatus200Client(api_key=emulator.api_key, base_url=emulator.base_url,
                                    site_url=emulator.site_url, timeout=5.0, max_retries=1)

    client = arun(make_client())
    db = Database.open(tmp_path / "ws.sqlite3")
    outbox = OutboxService(db, client, policy=BackoffPolicy(base=0.05, cap=0.2, cooldown=0.05))
    backend = OutboxCalendarBackend(outbox, poll=0.02, timeout=25, now=emulator.clock.now)
    page = CalendarPage(backend=backend, settings=make_settings(), clock=emulator.clock.now)
    page.resize(1100, 760)
    qtbot.addWidget(page)
    page.show()
    h = Harness(arun, emulator, page, client, outbox, db)
    try:
        yield h
    finally:
        for task in h.tasks:
            task.cancel()
        arun(asyncio.gather(*h.tasks, return_exceptions=True))
        arun(client.close())
        db.close()


EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)
