"""The calendar over a store read in windows: it reads the months it shows, not the whole cache."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from calendar_support import write_posts

from s200desk.store.post_window import PostWindowReader

EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


def fill(path: Path, days: int) -> None:
    """One post a day at 09:00 UTC, from ``days`` days before EPOCH to ``days`` days after."""
    posts = []
    for i in range(-days, days + 1):
        when = (EPOCH + timedelta(days=i)).replace(hour=9)
        posts.append({"id": f"d{i:+05d}", "platform": "x", "account_id": "@me",
                      "caption": f"day {i}", "status": "scheduled",
                      "scheduled_for": when.isoformat(), "created_at": EPOCH.isoformat()})
    write_posts(path, posts)


def test_the_calendar_reads_only_the_month_it_shows(
    tmp_path: Path, qtbot: Any
) -> None:
    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.posts.model import PostsTableModel

    path = tmp_path / "cache.sqlite3"
    fill(path, 400)
    reader = PostWindowReader.open(path)
    shared = PostsTableModel(time_zone="UTC")
    shared.set_reader(reader)
    page = CalendarPage(posts_model=shared, settings=Settings(time_zone="UTC", plan="free"),
                        clock=lambda: EPOCH)
    qtbot.addWidget(page)
    try:
        loaded = {r.id for r in page.model._rows}
        # May 2026, a week before and two after: 52 of the 801 days.
        assert len(loaded) == 52
        assert [r.caption for r in page.model.rows_on(date(2026, 5, 20))] == ["day 4"]
        assert page.model.rows_on(date(2025, 12, 25)) == []  # not read

        page.go_to(date(2025, 12, 1))  # far away: that range is read now
        assert [r.caption for r in page.model.rows_on(date(2025, 12, 25))] == ["day -142"]
        assert page.model.rows_on(date(2026, 5, 20)) == []
    finally:
        shared.set_reader(None)
        reader.close()
