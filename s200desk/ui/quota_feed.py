"""Feeds the calendar's day usage and the status bar with what the outbox adds to each day's
count, and the calendar with the cap the server last reported: ``services.quotas`` counts, the
views only draw. Refreshed (debounced) whenever the outbox or the posts change."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import shiboken6

from s200desk.services.events import POSTS, Change
from s200desk.services.outbox.store import OUTBOX
from s200desk.services.planning.series_service import series_post_ids
from s200desk.services.quotas import DailyQuota, utc_day
from s200desk.ui.qt import QObject, QTimer, Slot

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
# The days the calendar can draw usage for without scrolling far: past week to a quarter ahead.
BEHIND = timedelta(days=7)
AHEAD = timedelta(days=120)


class QuotaFeed(QObject):
    """Recounts the outbox's share of each day for the calendar (``page.model``) and today's
    for the status bar."""

    def __init__(self, session: Any, outbox: Any, page_of: Any, status_bar: Any, clock: Any,
                 tasks: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._quota = DailyQuota(session.posts, outbox)
        self._page_of = page_of  # () -> the calendar page, or None while it is not built
        self._status_bar = status_bar
        self._clock = clock
        self._tasks = tasks
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        session.relay.changed.connect(self._on_change)
        self._task: asyncio.Task[Any] | None = None
        self._stopped = False

    @Slot(object)
    def _on_change(self, change: Change) -> None:
        if change.kind in (OUTBOX, POSTS):
            self.refresh()

    def refresh(self) -> None:
        if not self._stopped:
            self._timer.start()

    @Slot()
    def _start(self) -> None:
        if self._stopped:
            return
        if self._task is not None and not self._task.done():
            self._timer.start()  # one count at a time; look again after this one
            return
        try:
            self._task = self._tasks.start(self._count(), name="quota-feed")
        except RuntimeError:  # the task keeper closed: the app is closing
            self._task = None

    async def stop(self) -> None:
        """Before the workspace closes: no more counting, and none left running."""
        self._stopped = True
        if shiboken6.isValid(self._timer):
            self._timer.stop()
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _count(self) -> None:
        now = self._clock()
        extra = await self._quota.outbox_use(now - BEHIND, now + AHEAD)
        in_series = await series_post_ids(self._quota.outbox)
        if self._stopped:
            return
        page = self._page_of()
        if page is not None and shiboken6.isValid(page):
            page.model.set_outbox_use(extra)
            page.model.set_series_posts(in_series)
            page.set_rate_limits(self._session.rate_limits)  # the cap the day's count is against
        today = utc_day(now)
        waiting: dict[str, int] = {}
        for (platform, _account, day), n in extra.items():
            if day == today and n > 0:
                waiting[platform] = max(waiting.get(platform, 0), n)
        if self._status_bar is not None and shiboken6.isValid(self._status_bar):
            self._status_bar.set_waiting(waiting)
