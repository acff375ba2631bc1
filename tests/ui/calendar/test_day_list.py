""""+N more" on a busy day opens the day's whole list, from which a hidden post is opened or
dragged onto another day of the grid (a fake backend, a fixed clock, no network)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import test_calendar_page
from test_calendar_page import day_center, post, settle

page = test_calendar_page.page  # the same fixture: the page on a fake backend and a fixed clock

BUSY = date(2026, 5, 20)


def busy_day(cal: Any, n: int = 12) -> list[str]:
    ids = [f"p{i:02d}" for i in range(n)]
    cal.set_posts([post(pid, datetime(2026, 5, 20, 8 + i, tzinfo=UTC))
                    for i, pid in enumerate(ids)])
    return ids


def click_more(_cal: Any, view: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    more = view.more_rect(BUSY)
    assert more is not None, "the busy day shows no '+N more'"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     more.center())


def test_more_opens_every_post_of_the_day(page: Any) -> None:
    ids = busy_day(page)
    view = page.month_view
    drawn = [pid for pid in ids if view.chip_rect(pid) is not None]
    assert len(drawn) < len(ids), "some posts are behind '+N more'"
    click_more(page, view)
    popup = page.day_popup
    assert popup.isVisible() and popup.day == BUSY
    assert [r.id for r in popup.list.agenda.posts()] == ids
    assert "12 posts" in popup.title.text()


def test_a_hidden_post_opens_from_the_day_list(page: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    ids = busy_day(page)
    click_more(page, page.month_view)
    listed = page.day_popup.list
    listed.select_post(ids[-1])
    with qtbot.waitSignal(page.open_requested) as got:
        QTest.keyClick(listed, Qt.Key.Key_Return)
    assert got.args == [ids[-1]]
    assert not page.day_popup.isVisible()


def test_a_hidden_post_is_dragged_from_the_day_list_to_another_day(page: Any) -> None:
    from calendar_support import _send, move_and_release
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QMouseEvent

    ids = busy_day(page)
    view = page.month_view
    hidden = next(pid for pid in reversed(ids) if view.chip_rect(pid) is None)
    click_more(page, view)
    listed = page.day_popup.list
    row_rect = listed.visualRect(listed.agenda.index(listed.agenda.row_of(hidden)))
    start = row_rect.center()
    left = Qt.MouseButton.LeftButton
    _send(listed, QMouseEvent.Type.MouseButtonPress, start, left, left)
    _send(listed, QMouseEvent.Type.MouseMove, start + QPoint(30, 30), Qt.MouseButton.NoButton,
          left)
    assert not page.day_popup.isVisible(), "the list makes way for the drag"
    target = day_center(page, date(2026, 5, 27))
    here = view.viewport().mapFromGlobal(listed.viewport().mapToGlobal(start + QPoint(30, 30)))
    move_and_release(view, here, target)
    settle(page)
    assert page.fake.moves == [(hidden, datetime(2026, 5, 27, 8 + ids.index(hidden),
                                                 tzinfo=UTC))]
    assert hidden not in [r.id for r in page.model.rows_on(BUSY)]


def test_escape_and_a_click_elsewhere_close_the_day_list(page: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    busy_day(page)
    click_more(page, page.month_view)
    QTest.keyClick(page.day_popup.list, Qt.Key.Key_Escape)
    assert not page.day_popup.isVisible()
    click_more(page, page.month_view)
    QTest.mouseClick(page.month_view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, day_center(page, date(2026, 5, 27)))
    assert not page.day_popup.isVisible()


def test_more_in_the_week_opens_the_hour_s_day(page: Any) -> None:
    ids = [f"w{i}" for i in range(6)]
    page.set_posts([post(pid, datetime(2026, 5, 20, 9, i * 5, tzinfo=UTC))
                    for i, pid in enumerate(ids)])
    page.set_mode("week")
    page.go_to(BUSY)
    view = page.week_view
    view.verticalScrollBar().setValue(9 * 44)
    click_more(page, view)
    assert page.day_popup.isVisible()
    assert [r.id for r in page.day_popup.list.agenda.posts()] == ids
