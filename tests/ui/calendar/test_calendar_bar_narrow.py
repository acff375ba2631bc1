"""In a small window (1024×700: the calendar gets ~800 px) the calendar's bar keeps every
control whole: the filters move to a row below the title rather than clip ("All platfor")."""

from __future__ import annotations

from typing import Any

from s200desk.ui.calendar.page import CalendarPage
from s200desk.ui.qt import QVBoxLayout, QWidget


def whole(widget: Any) -> bool:
    return widget.isVisible() and widget.width() >= widget.sizeHint().width()


def test_a_narrow_calendar_bar_clips_nothing(qtbot: Any) -> None:
    # The room the main window leaves it, whatever the page would like.
    room = QWidget()
    qtbot.addWidget(room)
    room.setFixedSize(800, 600)
    page = CalendarPage(parent=room)
    QVBoxLayout(room).addWidget(page)
    room.show()
    qtbot.waitExposed(room)
    controls = [page.title, page.today_button, page.platform_filter, page.status_filter,
                page.date_edit, *page.mode_buttons.values()]
    qtbot.waitUntil(lambda: all(whole(w) for w in controls))
    for widget in controls:  # and none covers another
        for other in controls:
            if other is not widget:
                assert not widget.geometry().intersects(other.geometry()) or (
                    widget.parentWidget() is not other.parentWidget()
                ), (widget.accessibleName(), other.accessibleName())

    room.setFixedSize(1400, 600)
    # One row again: the filters beside the Today button (centred on the row: the app's theme
    # may make them a few pixels taller than the button).
    qtbot.waitUntil(lambda: page.platform_filter.y() < page.today_button.geometry().bottom())
    assert all(whole(w) for w in controls)
