"""Real mouse drags on the calendar move posts on the server (the emulator), replacement first."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from s200desk.services.scheduling import parse_iso_utc


def _when(post: dict[str, Any]) -> datetime:
    return parse_iso_utc(post["scheduled_for"])


def test_month_drag_moves_post_to_another_day(harness: Any) -> None:
    h = harness
    original = h.run(h.create("month move", datetime(2026, 5, 20, 9, 0, tzinfo=UTC)))
    h.run(h.refresh())
    view = h.page.month_view
    target = view.visualRect(h.page.month_table.index_of(date(2026, 5, 22))).center()
    h.drag(view, original, target)
    h.settle()
    live = h.live("month move")
    assert len(live) == 1
    assert live[0]["id"] != original
    assert _when(live[0]) == datetime(2026, 5, 22, 9, 0, tzinfo=UTC)
    [old] = [p for p in h.admin_posts("month move") if p["id"] == original]
    assert old["status"] == "cancelled"
    # The calendar shows the replacement on the new day, nothing on the old one.
    assert [r.id for r in h.page.model.rows_on(date(2026, 5, 22))] == [live[0]["id"]]
    assert h.page.model.rows_on(date(2026, 5, 20)) == []


def _key(widget: Any, key: Any, modifiers: Any = None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key, modifiers or Qt.KeyboardModifier.NoModifier)


def test_week_drag_moves_post_to_another_hour(harness: Any) -> None:
    h = harness
    original = h.run(h.create("week move", datetime(2026, 5, 19, 9, 30, tzinfo=UTC)))
    h.run(h.refresh())
    h.page.go_to(date(2026, 5, 19))
    h.page.set_mode("week")
    view = h.page.week_view
    view.scrollTo(h.page.week_table.index_of(date(2026, 5, 19), 9))
    rect = view.chip_rect(original)
    assert rect is not None
    target = view.visualRect(h.page.week_table.index_of(date(2026, 5, 21), 11)).center()
    h.drag(view, original, target)
    h.settle()
    live = h.live("week move")
    assert len(live) == 1
    assert _when(live[0]) == datetime(2026, 5, 21, 11, 30, tzinfo=UTC)  # minutes are kept
    assert {p["status"] for p in h.admin_posts("week move") if p["id"] == original} == {
        "cancelled"}


def test_undo_and_redo_restore_the_time_on_the_server(harness: Any) -> None:
    from PySide6.QtCore import Qt

    h = harness
    original = h.run(h.create("undo me", datetime(2026, 5, 20, 15, 0, tzinfo=UTC)))
    h.run(h.refresh())
    view = h.page.month_view
    h.drag(view, original, view.visualRect(h.page.month_table.index_of(date(2026, 5, 27)))
           .center())
    h.settle()
    assert [_when(p) for p in h.live("undo me")] == [datetime(2026, 5, 27, 15, tzinfo=UTC)]

    view.setFocus()
    _key(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    h.settle()
    live = h.live("undo me")
    assert [_when(p) for p in live] == [datetime(2026, 5, 20, 15, tzinfo=UTC)]
    assert [r.id for r in h.page.model.rows_on(date(2026, 5, 20))] == [live[0]["id"]]

    _key(view, Qt.Key.Key_Z,
         Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    h.settle()
    assert [_when(p) for p in h.live("undo me")] == [datetime(2026, 5, 27, 15, tzinfo=UTC)]


def test_drop_in_the_past_is_refused(harness: Any) -> None:
    h = harness
    original = h.run(h.create("stay put", datetime(2026, 5, 20, 9, 0, tzinfo=UTC)))
    h.run(h.refresh())
    view = h.page.month_view
    h.drag(view, original, view.visualRect(h.page.month_table.index_of(date(2026, 5, 12)))
           .center())
    h.settle()
    assert "past" in h.page.last_message
    assert h.page.notice.isVisible()
    assert h.run(h.outbox.list()) == []
    [post] = h.live("stay put")
    assert post["id"] == original and _when(post) == datetime(2026, 5, 20, 9, tzinfo=UTC)
    assert h.page.undo_stack.count() == 0


def test_published_chips_cannot_be_dragged(harness: Any) -> None:
    from datetime import timedelta

    h = harness
    original = h.run(h.create("already out", datetime(2026, 5, 16, 12, 30, tzinfo=UTC)))
    h.emulator.advance(timedelta(hours=1))
    h.run(h.refresh())
    row = h.page.model.row(original)
    assert row is not None and row.status == "published"
    view = h.page.month_view
    h.drag(view, original, view.visualRect(h.page.month_table.index_of(date(2026, 5, 23)))
           .center())
    h.settle()
    assert h.run(h.outbox.list()) == []
    assert [p["status"] for p in h.admin_posts("already out")] == ["published"]


def test_a_move_across_the_dst_change_keeps_the_local_time(harness: Any) -> None:
    h = harness
    h.page.apply_settings(h.make_settings(time_zone="Europe/Berlin"))
    # Fri 23 Oct 2026 09:00 CEST (UTC+2); clocks go back on Sun 25 Oct.
    original = h.run(h.create("dst move", datetime(2026, 10, 23, 7, 0, tzinfo=UTC)))
    h.run(h.refresh())
    h.page.go_to(date(2026, 10, 23))
    view = h.page.month_view
    h.drag(view, original, view.visualRect(h.page.month_table.index_of(date(2026, 10, 27)))
           .center())
    h.settle()
    [live] = h.live("dst move")
    assert _when(live) == datetime(2026, 10, 27, 8, 0, tzinfo=UTC)  # 09:00 CET (UTC+1)


def test_faults_during_moves_never_leave_zero_copies(harness: Any) -> None:
    import threading
    import time

    h = harness
    texts = [f"faulty move {i}" for i in range(4)]
    originals = {t: h.run(h.create(t, datetime(2026, 5, 20, 8 + i, 0, tzinfo=UTC)))
                 for i, t in enumerate(texts)}
    h.run(h.refresh())
    seen: dict[str, int] = {t: 99 for t in texts}
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                posts = h.admin_posts()
            except Exception:
                continue
            for t in texts:
                n = sum(1 for p in posts if p.get("caption") == t
                        and p["status"] in ("scheduled", "published"))
                seen[t] = min(seen[t], n)
            time.sleep(0.005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    h.emulator.set_faults(error_rate=0.4, drop_rate=0.4, malformed_rate=0.1)
    try:
        view = h.page.month_view
        for t in texts:
            h.drag(view, originals[t],
                   view.visualRect(h.page.month_table.index_of(date(2026, 5, 28))).center())
        h.settle(timeout=90)
    finally:
        h.emulator.set_faults(error_rate=0, drop_rate=0, malformed_rate=0)
        stop.set()
        watcher.join(5)
    intents = h.run(h.outbox.list())
    assert any(i.attempts > 1 or (i.result or {}).get("reconciled") for i in intents), \
        "no fault hit the moves"
    for t in texts:
        assert seen[t] >= 1, f"{t}: at some moment no copy existed on the server"
        live = h.live(t)
        assert len(live) == 1, f"{t}: {len(live)} live copies once settled"


def test_a_week_move_across_the_fall_back_keeps_the_local_time(harness: Any) -> None:
    h = harness
    h.page.apply_settings(h.make_settings(time_zone="America/New_York"))
    # Sat 31 Oct 2026 09:00 EDT (UTC-4); New York falls back on Sun 1 Nov at 02:00.
    original = h.run(h.create("ny move", datetime(2026, 10, 31, 13, 0, tzinfo=UTC)))
    h.run(h.refresh())
    h.page.go_to(date(2026, 10, 31))
    h.page.set_mode("week")
    view = h.page.week_view
    view.scrollTo(h.page.week_table.index_of(date(2026, 10, 31), 9))
    target = view.visualRect(h.page.week_table.index_of(date(2026, 11, 1), 9)).center()
    h.drag(view, original, target)
    h.settle()
    [live] = h.live("ny move")
    assert _when(live) == datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # 09:00 EST (UTC-5)


def test_week_drag_held_at_the_edge_moves_a_post_into_the_next_week(harness: Any,
                                                                    qtbot: Any) -> None:
    from calendar_support import move_and_release, press_and_move
    from PySide6.QtCore import QPoint

    h = harness
    original = h.run(h.create("next week move", datetime(2026, 5, 20, 9, 30, tzinfo=UTC)))
    h.run(h.refresh())
    h.page.go_to(date(2026, 5, 20))
    h.page.set_mode("week")
    view = h.page.week_view
    assert h.page.week_table.days[0] == date(2026, 5, 18)
    view.scrollTo(h.page.week_table.index_of(date(2026, 5, 20), 9))
    rect = view.chip_rect(original)
    assert rect is not None
    # Hold the chip just past the grid's right edge until the page turns to the next week…
    edge = QPoint(view.viewport().width() + 6, rect.center().y())
    press_and_move(view, rect.center(), edge)
    qtbot.waitUntil(lambda: h.page.week_table.days[0] == date(2026, 5, 25), timeout=5000)
    assert view.verticalScrollBar().value() > 0  # the hours shown stayed where they were
    # …then drop it on Wednesday 11:00 of that week.
    target = view.visualRect(h.page.week_table.index_of(date(2026, 5, 27), 11)).center()
    assert view.viewport().rect().contains(target)
    move_and_release(view, edge, target)
    assert h.page.week_table.days[0] == date(2026, 5, 25)  # no second turn
    h.settle()
    live = h.live("next week move")
    assert len(live) == 1, live
    assert live[0]["id"] != original
    assert _when(live[0]) == datetime(2026, 5, 27, 11, 30, tzinfo=UTC)  # minutes are kept
    assert {p["status"] for p in h.admin_posts("next week move") if p["id"] == original} == {
        "cancelled"}
    assert [r.id for r in h.page.model.rows_on(date(2026, 5, 27))] == [live[0]["id"]]


def test_holding_a_chip_over_the_previous_button_turns_the_week_back(harness: Any,
                                                                     qtbot: Any) -> None:
    from calendar_support import move_and_release, move_held, press_and_move

    h = harness
    original = h.run(h.create("back a week", datetime(2026, 5, 28, 10, 0, tzinfo=UTC)))
    h.run(h.refresh())
    h.page.go_to(date(2026, 5, 28))
    h.page.set_mode("week")
    view = h.page.week_view
    view.scrollTo(h.page.week_table.index_of(date(2026, 5, 28), 10))
    rect = view.chip_rect(original)
    assert rect is not None
    button = h.page.prev_button
    over_prev = view.viewport().mapFromGlobal(button.mapToGlobal(button.rect().center()))
    press_and_move(view, rect.center(), over_prev)
    qtbot.waitUntil(lambda: h.page.week_table.days[0] == date(2026, 5, 18), timeout=5000)
    target = view.visualRect(h.page.week_table.index_of(date(2026, 5, 22), 10)).center()
    move_held(view, over_prev, target)  # passing the top edge scrolls the hours a little…
    aim = view.visualRect(h.page.week_table.index_of(date(2026, 5, 22), 10)).center()
    move_and_release(view, target, aim, 2)  # …so aim again, as a person would
    h.settle()
    [live] = h.live("back a week")
    assert _when(live) == datetime(2026, 5, 22, 10, 0, tzinfo=UTC)
