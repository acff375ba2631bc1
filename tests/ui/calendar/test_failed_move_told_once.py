"""A move the server refuses is told once, in the user's words: the calendar's notice on screen,
not the outbox's banner as well, nor the same words in the status bar."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from test_in_main_window import wired_calendar


def test_a_refused_move_is_told_once(shell: Any, arun: Any, demo_emulator: Any) -> None:
    from ui_support import until

    from s200desk.ui.calendar.timegrid import DropTarget

    page = wired_calendar(shell.controller)
    window = shell.window
    said: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and said.append(text))
    try:
        now = demo_emulator.clock.now()
        tz = page.model.tz
        today = now.astimezone(tz).date()
        arun(until(lambda: page.model.days_with_posts(today, today + timedelta(30)),
                   what="posts in the calendar"))
        row = next(r for d in page.month_table.days if d > today + timedelta(1)
                        for r in page.model.rows_on(d) if r.status == "scheduled"
                        and r.platform == "linkedin")
        # Disconnected on the server after the last sync: the app still thinks it can post,
        # and the server refuses the replacement.
        import httpx

        httpx.post(f"{demo_emulator.site_url}/__admin/profiles/disconnect",
                   json={"platform": "linkedin", "account_id": row.account_id},
                   timeout=10).raise_for_status()
        target = row.when + timedelta(days=1)
        page.move_to(row.id, DropTarget(target, target.astimezone(tz)))
        arun(page.wait_idle(), 60)
        center = shell.controller.lifecycle.notifications
        arun(until(lambda: page.notice.isVisible() or center.banner.isVisible(),
                   what="the failure told"))
        arun(_settle(), 10)  # what else would come (the outbox's notice follows the move's)
        shown = [text for widget, text in (
            (page.notice, page.notice_label.text()),
            (window.notice_banner, window.notice_banner.label.text()),
            (center.banner, center.banner.label.text()),
        ) if widget.isVisible()]
        assert len(shown) == 1, shown
        assert shown[0].startswith("Move failed:") and "The post stays at" in shown[0]
        assert not said, said  # not the same words again in the status bar
    finally:
        arun(page.wait_idle(), 60)


async def _settle() -> None:
    import asyncio

    for _ in range(60):
        await asyncio.sleep(0.03)


def test_a_failure_told_on_screen_first_is_not_shown_again(qtbot: Any) -> None:
    """The calendar told it before the outbox's notice came: that notice is not shown; the
    next failure of the same post (a later try) is."""
    from s200desk.services.notifications import Notice, NoticeKind
    from s200desk.ui.notifications import NotificationCenter
    from s200desk.ui.qt import QMainWindow
    from s200desk.ui.tasks import TaskKeeper

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    center = NotificationCenter(window, TaskKeeper(), lambda: None, use_tray=False)
    notice = Notice(NoticeKind.FAILED, "A post could not be moved", "X @me: “hi”. Refused.",
                    None, "intent-1", moving="post-1")
    center.told_on_screen("post-1")
    center._show(notice)
    assert not center.banner.isVisible()
    center._show(notice)
    assert center.banner.isVisible()
