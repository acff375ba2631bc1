"""A keyboard reschedule in the app as wired, on the demo emulator: select a post in the month
grid with the arrow keys, Ctrl+Shift+R, type the new time, Enter. The server then holds the
post at the new time once and the original cancelled, as after a drag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from test_in_main_window import wired_calendar

from s200desk.services.scheduling import parse_iso_utc


def test_reschedule_from_the_keyboard_moves_the_post_on_the_server(
    shell: Any, arun: Any, qtbot: Any, demo_emulator: Any
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from ui_support import admin_posts, until

    from s200desk.ui.calendar.reschedule_dialog import RescheduleDialog

    page = wired_calendar(shell.controller)
    try:
        now = demo_emulator.clock.now()
        tz = page.model.tz
        today = now.astimezone(tz).date()
        arun(until(lambda: page.model.days_with_posts(today, today + timedelta(30)),
                   what="posts in the calendar"))
        # A scheduled post at least two days ahead on a day of the grid on screen.
        day, row = next((d, r) for d in page.month_table.days if d > today + timedelta(1)
                        for r in page.model.rows_on(d) if r.status == "scheduled"
                        and r.platform != "facebook")  # the demo's Facebook is disconnected
        page.go_to(day)
        view = page.month_view
        shell.window.activateWindow()
        qtbot.waitUntil(lambda: shell.window.isActiveWindow())
        view.setFocus(Qt.FocusReason.TabFocusReason)
        for _ in range(len(page.model.rows_on(day))):  # Down: into the day's posts, one by one
            if view.selected_id == row.id:
                break
            QTest.keyClick(view, Qt.Key.Key_Down)
        assert view.selected_id == row.id, (view.selected_id, view.currentIndex().row(),
                                            view.currentIndex().column(), day)
        QTest.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        dialog = page.findChild(RescheduleDialog)
        assert dialog is not None and dialog.isVisible()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.isActiveWindow())
        new_day = day + timedelta(days=1)
        QTest.keyClicks(dialog.field, f"{new_day.isoformat()} 06:05")
        QTest.keyClick(dialog.field, Qt.Key.Key_Return)
        arun(page.wait_idle(), 60)

        expected = datetime.combine(new_day, datetime.min.time().replace(hour=6, minute=5),
                                    tz).astimezone(UTC)
        same = [p for p in admin_posts(demo_emulator) if p.get("caption") == row.caption
                and p["platform"] == row.platform and p.get("account_id") == row.account_id]
        at_new_time = [p for p in same if p["status"] == "scheduled" and p.get("scheduled_for")
                       and parse_iso_utc(p["scheduled_for"]) == expected]
        assert len(at_new_time) == 1, page.last_message
        assert next(p for p in same if p["id"] == row.id)["status"] == "cancelled"
        # The outbox recorded the move; the calendar shows the post on its new day.
        arun(until(lambda: any(r.caption == row.caption and r.status == "scheduled"
                               for r in page.model.rows_on(new_day)), what="the moved post"))
    finally:
        arun(page.wait_idle(), 60)
