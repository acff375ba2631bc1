"""The calendar plugged into the real main window as the wiring in ``plug_calendar`` does, on the
demo emulator: the shared posts model feeds it, the outbox runner moves its posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from s200desk.services.scheduling import parse_iso_utc


def plug_calendar(controller: Any, clock: Any) -> Any:
    """The wiring the main window's owner adds (kept here so a test proves it works)."""
    from s200desk.ui.calendar import CalendarPage
    from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
    from s200desk.ui.main_window import CALENDAR
    from s200desk.ui.outbox.runner import OutboxRunner

    window, session = controller.window, controller.session
    runner = OutboxRunner.for_session(session, controller.tasks, parent=window)
    runner.start()
    page = CalendarPage(
        posts_model=controller.posts_model, selection=controller.selection,
        settings=controller.settings, clock=clock, parent=window,
        backend=OutboxCalendarBackend(runner.service, lookup=session.posts.get))
    old = window.calendar_page
    window.stack.insertWidget(CALENDAR, page)
    window.stack.removeWidget(old)
    old.deleteLater()
    window.calendar_page = page
    window.stack.setCurrentWidget(page)
    page.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    page.post_moved.connect(lambda *_: controller.request_sync())  # the store catches up
    return page, runner


def test_a_drag_in_the_main_window_moves_the_post_on_the_server(shell: Any, arun: Any,
                                                                 demo_emulator: Any) -> None:
    from calendar_support import press_move_release
    from ui_support import admin_posts, until

    page, runner = plug_calendar(shell.controller, demo_emulator.clock.now)
    try:
        now = demo_emulator.clock.now()
        tz = page.model.tz
        arun(until(lambda: page.model.days_with_posts(now.date(), now.date() + timedelta(30)),
                   what="posts in the calendar"))
        view, table = page.month_view, page.month_table
        # A scheduled post at least two days ahead that is drawn, and a free day to drop it on.
        candidates = [(d, r) for d in table.days if d > now.astimezone(tz).date() + timedelta(1)
                      for r in page.model.rows_on(d) if r.status == "scheduled"
                      and r.platform != "facebook"  # the demo's Facebook is disconnected
                      and view.chip_rect(r.id) is not None]
        day, row = candidates[0]
        target_day = next(d for d in table.days if d > day and d != day)
        target = view.visualRect(table.index_of(target_day)).center()
        original_local = row.when.astimezone(tz)
        press_move_release(view, view.chip_rect(row.id).center(), target)
        arun(page.wait_idle(), 60)
        expected = datetime.combine(target_day, original_local.time(), tz).astimezone(UTC)
        posts = admin_posts(demo_emulator)
        same = [p for p in posts if p.get("caption") == row.caption
                and p["platform"] == row.platform and p.get("account_id") == row.account_id]
        at_new_time = [p for p in same if p["status"] == "scheduled" and p.get("scheduled_for")
                       and parse_iso_utc(p["scheduled_for"]) == expected]
        assert len(at_new_time) == 1, page.last_message
        assert next(p for p in same if p["id"] == row.id)["status"] == "cancelled"
    finally:
        arun(page.aclose())
        arun(runner.aclose())
