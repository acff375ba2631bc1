"""View ▸ Outbox in a small window (1024×700) opens the outbox below the page at a quarter of
the window, not half of it: the calendar above keeps room for its posts."""

from __future__ import annotations

from typing import Any

from s200desk.ui.qt import QtWidgets
from tests.ui.ui_support import small_window


def test_the_outbox_opens_at_a_quarter_of_a_small_window(qtbot: Any) -> None:
    window = small_window(qtbot)
    dock = QtWidgets.QDockWidget("Outbox", window)
    dock.setWidget(QtWidgets.QTableView(dock))  # what the outbox panel holds: a table
    window.set_outbox_dock(dock)

    dock.toggleViewAction().trigger()  # View ▸ Outbox
    qtbot.waitUntil(dock.isVisible)
    qtbot.waitUntil(lambda: dock.height() <= 700 // 4 + 10)
    assert dock.height() >= 150
    assert window.stack.height() >= 700 // 2  # the page keeps most of the window
