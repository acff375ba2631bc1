"""The day's list: what "+N more" opens over the month or week, every post of one day.

It is an agenda of one day (the same rows, Enter and double-click open, the same context menu),
floating over the grid. Dragging a post out of it closes the list and hands the drag to the grid
underneath, so a post hidden behind "+N more" is dropped on another day like any chip.
"""

from __future__ import annotations

from datetime import date

from s200desk.ui.calendar.agenda import AgendaView
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.qt import (
    QEvent,
    QFrame,
    QHBoxLayout,
    QLabel,
    QObject,
    QRect,
    Qt,
    QtGui,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

WIDTH = 340
ROW_H = 26


class DayPopup(QFrame):
    """Every post of one day, over the grid; Escape, ✕ or a click elsewhere closes it."""

    def __init__(self, cal: CalendarModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dayPopup")
        self.setAccessibleName("Posts of the day")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._day: date | None = None
        self.title = QLabel(self)
        self.title.setObjectName("dayPopupTitle")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName("Close the day's list")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        self.list = AgendaView(cal, self)
        self.list.setObjectName("dayPopupList")
        self.list.setAccessibleName("Posts of the day")
        self.list.drags_out = True
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.agenda.modelReset.connect(self._hide_headers)
        head = QHBoxLayout()
        head.setContentsMargins(10, 6, 4, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 6)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        self.hide()
        parent.installEventFilter(self)

    @property
    def day(self) -> date | None:
        return self._day if self.isVisible() else None

    def open_day(self, day: date, near: QRect) -> None:
        """List ``day``'s posts in a box placed over ``near`` (the cell, parent coordinates)."""
        self._day = day
        self.list.agenda.set_range(day, day)
        self._hide_headers()
        count = len(self.list.agenda.posts())
        self.title.setText(f"{day.strftime('%A %d %B')} · {count} post{'s' * (count != 1)}")
        parent = self.parentWidget()
        assert parent is not None
        rows = self.list.agenda.rowCount()
        height = min(parent.height() - 16, 44 + ROW_H * max(1, rows - 1))
        width = min(WIDTH, parent.width() - 16)
        x = min(max(8, near.left()), parent.width() - width - 8)
        y = min(max(8, near.top()), parent.height() - height - 8)
        self.setGeometry(x, y, width, height)
        self.show()
        self.raise_()
        self.list.setFocus(Qt.FocusReason.PopupFocusReason)
        first = self.list.agenda.posts()
        if first:
            self.list.select_post(first[0].id)

    def _hide_headers(self) -> None:
        for row in range(self.list.agenda.rowCount()):  # the box's title names the day already
            self.list.setRowHidden(row, self.list.agenda.post(row) is None)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The page under it resized: the box would sit in the wrong place; close it.
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.hide()
        return False
