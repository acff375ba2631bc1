"""The calendar for a screen reader: a day cell names its posts, the agenda says each post's
time and status, and selecting a post with the arrow keys says which one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import test_calendar_page
from test_calendar_page import post

page = test_calendar_page.page  # the page on a fake backend and a fixed clock (16 May 2026)
WHEN = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)


def cell_spoken(view: Any, index: Any) -> str:
    from PySide6.QtGui import QAccessible

    table = QAccessible.queryAccessibleInterface(view)
    for i in range(table.childCount()):
        child = table.child(i)
        cell = child.tableCellInterface() if child.role() == QAccessible.Role.Cell else None
        if cell and (cell.rowIndex(), cell.columnIndex()) == (index.row(), index.column()):
            return child.text(QAccessible.Text.Name)
    raise AssertionError("no such cell for a screen reader")


def test_a_day_cell_names_its_posts(page: Any) -> None:
    page.set_posts([post("a", WHEN, platform="instagram", caption="Launch day teaser"),
                    post("b", WHEN.replace(hour=11), status="failed", caption="Second one")])
    page.set_mode("month")
    page.go_to(date(2026, 5, 20))
    words = cell_spoken(page.month_view, page.month_table.index_of(date(2026, 5, 20)))
    assert words.startswith("Wednesday 20 May 2026: 2 posts: ")
    assert "09:30 Instagram @me, scheduled: Launch day teaser" in words
    assert "11:30 X @me, failed: Second one" in words
    empty = cell_spoken(page.month_view, page.month_table.index_of(date(2026, 5, 21)))
    assert empty == "Thursday 21 May 2026: no posts"


def test_the_agenda_says_time_and_status(page: Any) -> None:
    from PySide6.QtCore import Qt

    page.set_posts([post("a", WHEN, caption="Launch day teaser")])
    page.set_mode("agenda")
    agenda = page.agenda_view.agenda
    row = agenda.row_of("a")
    said = agenda.data(agenda.index(row), Qt.ItemDataRole.AccessibleTextRole)
    assert said == "09:30 X @me, scheduled: Launch day teaser"


def test_selecting_a_post_with_the_keys_says_which(page: Any, monkeypatch: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    import s200desk.ui.calendar.grid_view as grid_view

    said: list[str] = []
    monkeypatch.setattr(grid_view, "announce", lambda _widget, text: said.append(text))
    page.set_posts([post("a", WHEN, caption="First"), post("b", WHEN.replace(hour=11),
                                                          caption="Second")])
    page.set_mode("month")
    page.go_to(date(2026, 5, 20))
    page.activateWindow()
    view = page.month_view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert said == ["09:30 X @me, scheduled: First", "11:30 X @me, scheduled: Second"]
