"""The calendar over a large store (#17): the months it shows are read off the UI thread.

From 20,000 posts (the posts list's threshold) the range is read on a worker; these tests hold
the worker's reads with gates to page faster than it answers, as someone clicking › twice does.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Collection, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from calendar_support import write_posts

from s200desk.store.post_window import PostWindowReader
from s200desk.ui.qt import QtCore

EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)
PER_DAY = 25
DAYS = 400  # 801 days of 25 posts: 20,025 posts


def fill(path: Path) -> None:
    """``PER_DAY`` posts a day at 09:00 UTC and on, ``DAYS`` days either side of EPOCH."""
    posts = []
    for i in range(-DAYS, DAYS + 1):
        day = (EPOCH + timedelta(days=i)).replace(hour=9, minute=0)
        for n in range(PER_DAY):
            posts.append({"id": f"d{i:+05d}-{n:02d}", "platform": "x", "account_id": "@me",
                          "caption": f"day {i} no. {n}", "status": "scheduled",
                          "scheduled_for": (day + timedelta(minutes=n)).isoformat(),
                          "created_at": EPOCH.isoformat()})
    write_posts(path, posts)


def captions_on(page: Any, day: date) -> list[str]:
    return [r.caption for r in page.model.rows_on(day)]


def expected_on(day: date) -> list[str]:
    i = (day - EPOCH.date()).days
    return [f"day {i} no. {n}" for n in range(PER_DAY)]


@pytest.fixture
def calendar(tmp_path: Path, qtbot: Any) -> Iterator[Any]:
    """A calendar page over a 20,025-post store, May 2026 shown and read."""
    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.posts.model import PostsTableModel

    path = tmp_path / "cache.sqlite3"
    fill(path)
    reader = PostWindowReader.open(path)
    shared = PostsTableModel(time_zone="UTC")
    shared.set_reader(reader)
    page = CalendarPage(posts_model=shared, settings=Settings(time_zone="UTC", plan="free"),
                        clock=lambda: EPOCH)
    qtbot.addWidget(page)
    try:
        qtbot.waitUntil(lambda: not shared.pending and not page._reload_timer.isActive()
                        and not page.range_reader.pending, timeout=20_000)
        assert captions_on(page, date(2026, 5, 20)) == expected_on(date(2026, 5, 20))
        yield page
    finally:
        page.range_reader.close()
        shared.set_reader(None)
        reader.close()


def test_paging_twice_shows_the_last_month_and_never_the_one_between(
    calendar: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = calendar
    between = PostWindowReader.between
    june_since = datetime(2026, 5, 25, tzinfo=UTC)  # June's grid, a week wider before
    july_since = datetime(2026, 6, 24, tzinfo=UTC)
    started = {june_since: threading.Event(), july_since: threading.Event()}
    release = {june_since: threading.Event(), july_since: threading.Event()}
    reads_here: list[datetime] = []

    def held_on_the_worker(self: PostWindowReader, since: datetime, until: datetime,
                           statuses: Collection[str] = ()) -> list[Any]:
        if threading.current_thread() is threading.main_thread():
            reads_here.append(since)
        elif since in started:
            started[since].set()
            assert release[since].wait(20)
        return between(self, since, until, statuses)

    monkeypatch.setattr(PostWindowReader, "between", held_on_the_worker)
    try:
        page.go_next()  # June: its read starts on the worker and is held there
        assert started[june_since].wait(20)
        page.go_next()  # July, asked while June's answer is still to come
        assert page.title.text() == "July 2026"
        # May's posts stay drawn under a quiet "Loading…" rather than an empty month.
        assert page.loading.isVisibleTo(page)
        assert captions_on(page, date(2026, 5, 20)) == expected_on(date(2026, 5, 20))

        release[june_since].set()  # June's answer comes back now, too late
        assert started[july_since].wait(20)
        QtCore.QCoreApplication.processEvents()
        assert captions_on(page, date(2026, 6, 20)) == []  # June's answer was dropped
        assert page.loading.isVisibleTo(page)

        release[july_since].set()
        qtbot.waitUntil(lambda: not page.range_reader.pending, timeout=20_000)
    finally:
        for gate in release.values():
            gate.set()
    assert not page.loading.isVisibleTo(page)
    assert captions_on(page, date(2026, 7, 20)) == expected_on(date(2026, 7, 20))
    assert captions_on(page, date(2026, 6, 24)) == expected_on(date(2026, 6, 24))
    assert captions_on(page, date(2026, 6, 20)) == []  # only June's grid has it
    assert reads_here == []  # nothing read on the UI thread


def test_a_range_failing_on_the_worker_is_read_again_in_place(
    calendar: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = calendar
    between = PostWindowReader.between

    def locked_off_the_ui_thread(self: PostWindowReader, since: datetime, until: datetime,
                                 statuses: Collection[str] = ()) -> list[Any]:
        if threading.current_thread() is not threading.main_thread():
            raise sqlite3.OperationalError("database is locked")
        return between(self, since, until, statuses)

    monkeypatch.setattr(PostWindowReader, "between", locked_off_the_ui_thread)
    page.go_to(date(2025, 12, 1))
    qtbot.waitUntil(lambda: not page.range_reader.pending, timeout=20_000)
    assert not page.loading.isVisibleTo(page)
    assert captions_on(page, date(2025, 12, 25)) == expected_on(date(2025, 12, 25))
    assert captions_on(page, date(2026, 5, 20)) == []
