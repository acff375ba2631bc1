"""The agenda as the app shows it: the shared posts model hands the calendar the store's records,
and the agenda lists every one of its month, grouped by day, in time order, each drawn and
reachable (open, keyboard, context menu)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Any


def agenda_page(controller: Any, arun: Any) -> Any:
    from ui_support import until

    from s200desk.ui.main_window import CALENDAR

    # The analytics page loads after the first sync; let it finish, or the window closing at the
    # end of a short test would leave its load drawing into deleted charts.
    arun(until(lambda: controller.pages.analytics is not None
               and controller.pages.analytics.dashboard is not None, what="analytics loaded"))
    controller.window.show_page(CALENDAR)
    page = controller.pages.calendar
    page.set_mode("agenda")
    page.go_today()
    arun(until(lambda: page.agenda_view.agenda.rowCount() > 0, what="posts in the agenda"))
    return page


def expected_posts(page: Any) -> list[Any]:
    """The model's visible posts of the agenda's range, in time order."""
    first, last = page.agenda_view.agenda.range
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    return [r for d in days for r in page.model.rows_on(d)]


def test_the_agenda_lists_every_post_of_its_month_by_day_and_time(shell: Any, arun: Any,
                                                                   demo_emulator: Any) -> None:
    page = agenda_page(shell.controller, arun)
    agenda = page.agenda_view.agenda
    now = demo_emulator.clock.now().astimezone(page.model.tz)
    assert agenda.range == (now.date().replace(day=1),
                            (now.date().replace(day=28) + timedelta(days=4)).replace(day=1)
                            - timedelta(days=1))
    listed = agenda.posts()
    assert listed, "the demo has posts this month"
    assert [r.id for r in listed] == [r.id for r in expected_posts(page)]
    # Grouped by day: each header is followed by that day's posts, in time order.
    items = [agenda.item(i) for i in range(agenda.rowCount())]
    day = None
    whens: list[datetime] = []
    for item in items:
        if isinstance(item, date):
            assert day is None or item > day
            day = item
        else:
            assert item.when.astimezone(page.model.tz).date() == day
            whens.append(item.when)
    assert whens == sorted(whens)


def test_every_agenda_row_is_drawn_not_blank(shell: Any, arun: Any) -> None:
    """A post's row shows its chip: more than the background's colour in the row's pixels."""
    page = agenda_page(shell.controller, arun)
    view = page.agenda_view
    image = view.viewport().grab().toImage()
    checked = 0
    for row in range(view.agenda.rowCount()):
        rect = view.visualRect(view.agenda.index(row))
        if view.agenda.post(row) is None or rect.top() < 0 or rect.bottom() >= image.height():
            continue
        colours = {image.pixel(x, rect.center().y()) for x in range(rect.left() + 30,
                                                                     rect.left() + 200)}
        assert len(colours) > 2, f"row {row} is blank"
        checked += 1
    assert checked >= 5


def test_agenda_opens_moves_by_keyboard_and_offers_the_menu(shell: Any, arun: Any,
                                                            qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from ui_support import until

    from s200desk.ui.main_window import POSTS

    page = agenda_page(shell.controller, arun)
    view = page.agenda_view
    listed = view.agenda.posts()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id == listed[0].id  # the first post, past the day's header
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id == listed[1].id
    QTest.keyClick(view, Qt.Key.Key_Up)
    assert view.selected_id == listed[0].id
    menu = page.context_menu(view.selected_post(), None)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Open", "Edit post…", "Edit as new draft", "Duplicate", "Move a day earlier",
        "Move a day later", "Move an hour earlier", "Move an hour later", "Reschedule…",
        "Cancel post"]
    # A double-click opens the post: the posts page, with it in the detail pane.
    second = listed[1]
    rect = view.visualRect(view.agenda.index(view.agenda.row_of(second.id)))
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, rect.center())
    window = shell.controller.window
    assert window.stack.currentIndex() == POSTS
    detail = window.posts_page.detail
    qtbot.waitUntil(lambda: detail.post_id == second.id and "loading" not in detail.meta.text())
    arun(until(lambda: not [t for t in asyncio.all_tasks() if t.get_name() == "fetch-post"],
               what="the full post fetched"))


def test_the_agenda_opens_at_today(shell: Any, arun: Any, demo_emulator: Any) -> None:
    page = agenda_page(shell.controller, arun)
    view = page.agenda_view
    today = demo_emulator.clock.now().astimezone(page.model.tz).date()
    top = view.agenda.item(view.indexAt(view.viewport().rect().topLeft()).row())
    first_header = next(view.agenda.item(i) for i in range(view.agenda.rowCount())
                        if isinstance(view.agenda.item(i), date)
                        and view.agenda.item(i) >= today)
    assert top == first_header
