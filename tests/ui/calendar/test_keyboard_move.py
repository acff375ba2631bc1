"""Ctrl+Shift+Left / Right move the selected post a day, in the month, the week and the agenda,
through the same judge and backend as a drag (a fake backend, a fixed clock, no network)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import test_calendar_page
from test_calendar_page import post, settle

page = test_calendar_page.page  # the same fixture: the page on a fake backend and a fixed clock
WHEN = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)


def press(widget: Any, key: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)


@pytest.mark.parametrize("mode", ["month", "week", "agenda"])
def test_the_selected_post_moves_a_day_later_and_earlier(page: Any, mode: str) -> None:
    from PySide6.QtCore import Qt

    page.set_posts([post("a", WHEN)])
    page.set_mode(mode)
    page.go_to(date(2026, 5, 20))
    view = page.current_view()
    view.select_post("a")
    view.setFocus()
    press(view, Qt.Key.Key_Right)
    settle(page)
    assert page.fake.moves == [("a", datetime(2026, 5, 21, 9, 30, tzinfo=UTC))]
    moved = page.model.rows_on(date(2026, 5, 21))[0].id
    page.current_view().select_post(moved)
    press(page.current_view(), Qt.Key.Key_Left)
    settle(page)
    assert page.fake.moves[-1] == (moved, WHEN)


def test_a_move_into_the_past_is_refused_like_a_drop(page: Any) -> None:
    from PySide6.QtCore import Qt

    page.set_posts([post("soon", datetime(2026, 5, 16, 15, tzinfo=UTC))])  # today, later on
    page.month_view.select_post("soon")
    page.month_view.setFocus()
    press(page.month_view, Qt.Key.Key_Left)
    settle(page)
    assert page.fake.moves == []
    assert "past" in page.last_message


def test_a_published_post_is_not_moved(page: Any) -> None:
    page.set_posts([post("p", datetime(2026, 5, 14, 9, tzinfo=UTC), status="published")])
    page.move_by_days("p", 1)
    settle(page)
    assert page.fake.moves == [] and "scheduled" in page.last_message
