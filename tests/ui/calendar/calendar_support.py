"""Helpers for the calendar's tests (a module name no other test directory uses)."""

from __future__ import annotations

from typing import Any


def press_move_release(view: Any, start: Any, end: Any, steps: int = 6) -> None:
    """A real mouse drag on ``view``'s viewport: press, moves with the button held, release."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    viewport = view.viewport()
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier

    def send(kind: Any, pos: Any, button: Any, buttons: Any) -> None:
        local = QPointF(pos)
        global_ = QPointF(viewport.mapToGlobal(pos))
        event = QMouseEvent(kind, local, global_, button, buttons, none)
        QApplication.sendEvent(viewport, event)

    send(QMouseEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, steps + 1):
        x = start.x() + (end.x() - start.x()) * i // steps
        y = start.y() + (end.y() - start.y()) * i // steps
        send(QMouseEvent.Type.MouseMove, type(start)(x, y), Qt.MouseButton.NoButton, left)
    send(QMouseEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)
