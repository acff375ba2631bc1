"""The composer from the keyboard alone, against the emulator: the caption, a profile ticked
with Space, a time typed, Ctrl+Enter; the server then holds the post at that time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from composer_support import Workspace
from ui_support import admin_posts

from s200desk.services.scheduling import parse_iso_utc
from s200desk.ui.qt import QApplication, Qt

BERLIN = ZoneInfo("Europe/Berlin")


def test_write_pick_time_and_schedule_without_the_mouse(workspace: Workspace) -> None:
    from PySide6.QtTest import QTest

    ws = workspace
    window = ws.composer()
    window.activateWindow()
    ws.qtbot.waitUntil(lambda: window.isActiveWindow())
    targets = window.targets
    x_row = next(i for i in range(targets.count())
                 if targets.item(i).text().startswith("X ·"))

    def press(key: Any, modifiers: Any = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(QApplication.focusWidget(), key, modifiers)

    def tab_to(widget: Any) -> None:
        for _ in range(40):
            if QApplication.focusWidget() is widget:
                return
            press(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {widget.accessibleName()}")

    tab_to(targets)
    press(Qt.Key.Key_Home)
    for _ in range(targets.count()):  # down the list to the X profile, as a user watching it
        if targets.currentRow() == x_row:
            break
        press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)
    assert [p for p, _ in targets.checked()] == ["x"]

    tab_to(window.caption)
    token = "keys-only-5b2d"
    QTest.keyClicks(window.caption, f"Posted without a mouse {token}")

    day = (datetime.now(UTC) + timedelta(days=12)).astimezone(BERLIN).date()
    tab_to(window.when.typed)
    assert window.caption.toPlainText() == f"Posted without a mouse {token}"  # no tab typed in
    QTest.keyClicks(window.when.typed, f"{day.isoformat()} 08:40")
    press(Qt.Key.Key_Return)
    assert window.when.wall_time() == f"{day.isoformat()} 08:40"

    ws.wait(lambda: window.send_button.isEnabled(), "Send enabled")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ws.wait(lambda: window.group_id is not None and window._settled(), "the post sent")
    sent = [p for p in admin_posts(ws.emulator) if token in (p.get("caption") or "")]
    assert len(sent) == 1 and sent[0]["platform"] == "x"
    expected = datetime(day.year, day.month, day.day, 8, 40, tzinfo=BERLIN).astimezone(UTC)
    assert parse_iso_utc(sent[0]["scheduled_for"]) == expected

    # A screen reader hears the outcome's words (the results are rich text: no markup read).
    ws.qtbot.waitUntil(lambda: spoken(window.results_label).startswith("Results per profile: "))
    said = spoken(window.results_label)
    assert "<" not in said and "X" in said
    assert spoken(window.status).startswith("Status")


def spoken(widget: Any) -> str:
    from PySide6.QtGui import QAccessible

    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
