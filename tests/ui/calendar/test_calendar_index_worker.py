"""The calendar's index by day over a large store (#17 item 4): built on the range reader's worker.

From 20,000 posts the month's rows are read and indexed by local day off the UI thread; the UI
thread only swaps the finished index in. These tests check that what it shows is exactly what
the index built in place from the same rows shows (same days, same order within a day, posts of
the same minute included, across Europe/Berlin's spring DST change), that nothing is indexed on
the UI thread, and that a zone or filter changed while a read is under way never shows rows
indexed under the old one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from calendar_support import hold_first_worker_read, write_posts

import s200desk.ui.calendar.day_index as day_index
import s200desk.ui.calendar.model as calendar_model
from s200desk.store.post_window import PostWindowReader
from s200desk.ui.calendar.model import CalendarModel

BERLIN = ZoneInfo("Europe/Berlin")
SHOWN = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # March 2026: Berlin moves to CEST on the 29th
FAR = 20_000  # posts in 2024, far from the month shown: they make the store "large"
STATUSES = ("scheduled", "published", "cancelled", "failed", "queued")
PLATFORMS = ("x", "instagram", "tiktok")


def post(pid: str, when: datetime, n: int) -> dict[str, Any]:
    return {"id": pid, "platform": PLATFORMS[n % 3], "account_id": f"@p{n % 2}",
            "caption": pid, "status": STATUSES[n % 5], "scheduled_for": when.isoformat(),
            "created_at": SHOWN.isoformat()}


def near_posts() -> list[dict[str, Any]]:
    """Posts around March 2026: each day four around UTC midnight (another local day in
    Berlin) and four at the very same minute (12:00 UTC)."""
    out = []
    for i in range(-40, 40):
        day = (SHOWN + timedelta(days=i)).replace(hour=0, minute=0)
        for n, minutes in enumerate((30, 90, 22 * 60 + 30, 23 * 60 + 30)):
            out.append(post(f"edge{i:+03d}-{n}", day + timedelta(minutes=minutes), n + i))
        for n in range(4):
            out.append(post(f"same{i:+03d}-{n}", day.replace(hour=12), n + i))
    return out


def fill(path: Path) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    posts = [post(f"far{n:05d}", start + timedelta(minutes=37 * n), n) for n in range(FAR)]
    posts += near_posts()
    write_posts(path, posts)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    from s200desk.ui.posts.model import PostsTableModel

    path = tmp_path / "cache.sqlite3"
    fill(path)
    reader = PostWindowReader.open(path)
    shared = PostsTableModel(time_zone="UTC")
    shared.set_reader(reader)
    try:
        yield shared
    finally:
        shared.set_reader(None)
        reader.close()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the index by day was built, on the UI thread and off it."""
    counts = {"ui": 0, "worker": 0}
    build = day_index.build_day_index

    def counted(rows: Any, shape: Any) -> Any:
        on_ui = threading.current_thread() is threading.main_thread()
        counts["ui" if on_ui else "worker"] += 1
        return build(rows, shape)

    monkeypatch.setattr(day_index, "build_day_index", counted)
    monkeypatch.setattr(calendar_model, "build_day_index", counted)
    return counts


def open_page(shared: Any, qtbot: Any, zone: str = "Europe/Berlin") -> Any:
    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage

    page = CalendarPage(posts_model=shared, settings=Settings(time_zone=zone, plan="free"),
                        clock=lambda: SHOWN)
    qtbot.addWidget(page)
    wait_read(page, qtbot)
    return page


def wait_read(page: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not page._reload_timer.isActive() and not page.range_reader.pending,
                    timeout=20_000)


def span_days(page: Any) -> list[date]:
    since, until = page._span
    first, last = since.astimezone(page.model.tz).date(), until.astimezone(page.model.tz).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def ids_by_day(model: CalendarModel, days: list[date]) -> dict[date, list[str]]:
    return {d: [r.id for r in model.rows_on(d)] for d in days}


def in_place(shared: Any, page: Any) -> CalendarModel:
    """The calendar model fed the same range's rows and indexed here, as a small store is."""
    model = CalendarModel(page.model.tz)
    model.set_filter(platforms=page.model.shape().platforms,
                     statuses=page.model.shape().statuses)
    model.set_rows(shared.rows_between(*page._span))
    return model


def test_the_index_built_on_the_worker_is_the_one_built_in_place(
    store: Any, qtbot: Any, builds: dict[str, int]
) -> None:
    page = open_page(store, qtbot)
    try:
        assert page.title.text() == "March 2026"
        days = span_days(page)
        shown = ids_by_day(page.model, days)
        assert builds["ui"] == 0 and builds["worker"] >= 1  # swapped in as built off the UI thread

        assert shown == ids_by_day(in_place(store, page), days)
        # Spot checks a user would make in Berlin. 23:30 UTC on the 28th is 00:30 CET on the
        # 29th; 22:30 UTC on the 29th is already 00:30 CEST on the 30th.
        mar29 = shown[date(2026, 3, 29)]
        assert mar29[0] == "edge+08-3"  # 23:30 UTC on the 28th
        assert "edge+09-2" in shown[date(2026, 3, 30)]  # 22:30 UTC on the 29th
        # The same minute (12:00 UTC): in the store's order, scheduled and published (the
        # cancelled one hidden), between the early and the late posts of the day.
        assert [pid for pid in mar29 if pid.startswith("same")] == [
            "same+09-2", "same+09-1", "same+09-0"]  # same+09-3 is cancelled
        assert mar29.index("edge+09-1") < mar29.index("same+09-2")
        assert builds["ui"] == 1  # only the in-place model above
    finally:
        page.range_reader.close()


def test_a_zone_changed_while_the_month_is_read_never_shows_the_old_zone(
    store: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from s200desk.config import Settings

    page = open_page(store, qtbot, zone="UTC")
    started, release = hold_first_worker_read(monkeypatch)
    try:
        page.go_next()  # April, to be read and indexed in UTC on the worker: held there
        assert started.wait(20)
        page.apply_settings(Settings(time_zone="Europe/Berlin", plan="free"))
        release.set()
        wait_read(page, qtbot)
    finally:
        release.set()
    try:
        assert page.title.text() == "April 2026"
        assert page.model.tz == BERLIN
        # The range read is April's grid in Berlin, from a Berlin midnight.
        assert page._span[0].astimezone(BERLIN).time() == time(0)
        days = span_days(page)
        shown = ids_by_day(page.model, days)
        assert shown == ids_by_day(in_place(store, page), days)
        assert shown[date(2026, 4, 1)][:2] == ["edge+11-2", "edge+11-3"]  # 22:30, 23:30 UTC
    finally:
        page.range_reader.close()


def test_a_filter_changed_while_the_month_is_read_applies_to_what_arrives(
    store: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_page(store, qtbot)
    started, release = hold_first_worker_read(monkeypatch)
    try:
        page.go_next()  # April: asked (and to be indexed) with every platform
        assert started.wait(20)
        page.model.set_filter(platforms={"tiktok"})
        release.set()
        wait_read(page, qtbot)
    finally:
        release.set()
    try:
        assert page.title.text() == "April 2026"
        days = span_days(page)
        shown = ids_by_day(page.model, days)
        assert any(shown.values())
        assert {page.model.row(pid).platform for ids in shown.values() for pid in ids} == {"tiktok"}
        assert shown == ids_by_day(in_place(store, page), days)
    finally:
        page.range_reader.close()


def test_an_index_failing_on_the_worker_is_built_again_in_place(
    store: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = day_index.build_day_index

    def failing_off_the_ui_thread(rows: Any, shape: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            raise ValueError("a row the index cannot place")
        return build(rows, shape)

    monkeypatch.setattr(day_index, "build_day_index", failing_off_the_ui_thread)
    page = open_page(store, qtbot)
    try:
        assert page.title.text() == "March 2026"
        assert not page.loading.isVisibleTo(page)
        days = span_days(page)
        shown = ids_by_day(page.model, days)
        assert shown[date(2026, 3, 29)][0] == "edge+08-3"
        assert shown == ids_by_day(in_place(store, page), days)
    finally:
        page.range_reader.close()
