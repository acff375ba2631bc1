"""Rescheduling from the keyboard: Ctrl+Shift+Up / Down move the selected post an hour, and
Ctrl+Shift+R asks for a new date and time. Both are judged and moved as a drop is, through the
same backend (a fake one here, a fixed clock; the app's outbox in test_in_main_window)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import test_calendar_page
from test_calendar_page import post, settle

page = test_calendar_page.page  # the page on a fake backend and a fixed clock (16 May 2026)
WHEN = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)


def ctrl_shift(widget: Any, key: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)


def closed(dialog: Any) -> bool:
    import shiboken6

    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def focused_view(page: Any, mode: str, post_id: str) -> Any:
    page.set_mode(mode)
    page.go_to(date(2026, 5, 20))
    view = page.current_view()
    view.select_post(post_id)
    view.setFocus()
    return view


def test_the_selected_post_moves_an_hour_later_and_back(page: Any) -> None:
    from PySide6.QtCore import Qt

    page.set_posts([post("a", WHEN)])
    view = focused_view(page, "week", "a")
    ctrl_shift(view, Qt.Key.Key_Down)
    settle(page)
    assert page.fake.moves == [("a", datetime(2026, 5, 20, 10, 30, tzinfo=UTC))]
    moved = page.model.rows_on(date(2026, 5, 20))[0]
    assert moved.id != "a" and moved.when == datetime(2026, 5, 20, 10, 30, tzinfo=UTC)
    page.current_view().select_post(moved.id)
    ctrl_shift(page.current_view(), Qt.Key.Key_Up)
    settle(page)
    assert page.fake.moves[-1] == (moved.id, WHEN)


def test_an_hour_into_the_past_is_refused_like_a_drop(page: Any) -> None:
    from PySide6.QtCore import Qt

    page.set_posts([post("soon", datetime(2026, 5, 16, 12, 40, tzinfo=UTC))])  # 40 min ahead
    view = focused_view(page, "agenda", "soon")
    page.go_to(date(2026, 5, 16))
    page.agenda_view.select_post("soon")
    ctrl_shift(view, Qt.Key.Key_Up)
    settle(page)
    assert page.fake.moves == []
    assert "past" in page.last_message


def test_reschedule_asks_for_a_date_and_time_and_moves_the_post_there(page: Any,
                                                                       qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from s200desk.ui.calendar.reschedule_dialog import RescheduleDialog

    page.set_posts([post("a", WHEN, caption="Launch day teaser")])
    view = focused_view(page, "month", "a")
    ctrl_shift(view, Qt.Key.Key_R)
    dialog = page.findChild(RescheduleDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Launch day teaser" in dialog.findChild(object, "rescheduleWhat").text()
    assert dialog.wall_time() == datetime(2026, 5, 20, 9, 30)  # it starts from the post's time
    assert dialog.focusWidget() is dialog.field

    QTest.keyClicks(dialog.field, "23 May 14:45")  # the old time was selected: typed over
    assert dialog.reading.text() == "Saturday 23 May 2026, 14:45"
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    settle(page)
    assert page.fake.moves == [("a", datetime(2026, 5, 23, 14, 45, tzinfo=UTC))]
    assert closed(dialog)
    assert [r.caption for r in page.model.rows_on(date(2026, 5, 23))] == ["Launch day teaser"]


def test_a_time_in_the_past_is_named_and_the_dialog_stays(page: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page.set_posts([post("a", WHEN)])
    dialog = page.keyboard_moves.open_reschedule("a")
    QTest.keyClicks(dialog.field, "15 May 9:00")  # the day before the clock's today
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    settle(page)
    assert page.fake.moves == []
    assert dialog.isVisible() and dialog.field.text() == "15 May 9:00"
    assert dialog.problem.isVisible() and "passed" in dialog.problem.text()
    dialog.field.selectAll()
    QTest.keyClicks(dialog.field, "next blursday")
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "can read" in dialog.problem.text()
    QTest.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert closed(dialog)
    settle(page)
    assert page.fake.moves == []


def test_the_menu_offers_reschedule_with_its_shortcut(page: Any) -> None:
    page.set_posts([post("a", WHEN), post("p", WHEN, status="published")])
    menu = page.context_menu(page.model.row("a"), None)
    entries = {a.text(): a for a in menu.actions()}
    assert entries["Reschedule…"].shortcut().toString() == "Ctrl+Shift+R"
    assert entries["Move an hour later"].isEnabled()
    published = {a.text(): a for a in page.context_menu(page.model.row("p"), None).actions()}
    assert not published["Reschedule…"].isEnabled()


def test_tab_leaves_the_month_grid(page: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow())
    view = focused_view(page, "month", "a")
    current = view.currentIndex()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view
    assert view.currentIndex() == current


def test_down_on_a_day_with_posts_selects_its_first_post(page: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page.set_posts([post("a", WHEN), post("b", WHEN.replace(hour=11))])
    page.set_mode("month")
    page.go_to(date(2026, 5, 20))
    view = page.month_view
    view.setFocus()
    assert view.selected_id is None
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id == "a"  # not a week further down
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id == "b"
