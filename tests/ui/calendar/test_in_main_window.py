"""The calendar as the app wires it (``ui/feature_pages.py``), on the demo emulator: the shared
posts model feeds it, the workspace's outbox runner moves its posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from s200desk.services.scheduling import parse_iso_utc


def wired_calendar(controller: Any) -> Any:
    """The calendar page the controller set up, moving posts through the workspace's outbox."""
    from s200desk.ui.main_window import CALENDAR

    window = controller.window
    page = controller.pages.calendar  # built on first use: read before the stack's slot
    assert window.stack.widget(CALENDAR) is page
    window.show_page(CALENDAR)
    assert controller.outbox is not None and controller.outbox.running
    return page


def test_a_drag_in_the_main_window_moves_the_post_on_the_server(shell: Any, arun: Any,
                                                                 demo_emulator: Any) -> None:
    from calendar_support import press_move_release
    from ui_support import admin_posts, until

    page = wired_calendar(shell.controller)
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
        arun(page.wait_idle(), 60)
