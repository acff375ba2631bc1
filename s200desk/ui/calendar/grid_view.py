"""GridView: the table view under the month and week grids: select, drag, open, context menu.

Dragging is done by hand (press, move, release on the viewport) rather than with QDrag: QDrag
runs a nested event loop that would stall the asyncio loop qasync shares with Qt, and a hand-made
drag lets the target cell say "past" or "day full" while the chip is still in the air.

A chip held at the left or right edge of the week grid (or beyond it), or over the page's ‹ and ›
buttons in either grid, turns the page to the previous or next week (month) after a moment, and
again while it stays there, so a post can be dragged into any week.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from s200desk.ui.calendar.chips import Cell, ChipDelegate, cell_of, chip_tooltip
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.calendar.spoken_posts import post_words
from s200desk.ui.posts.model import PostRow
from s200desk.ui.qt import (
    QAbstractItemView,
    QApplication,
    QColor,
    QEvent,
    QHeaderView,
    QModelIndex,
    QPainter,
    QPoint,
    QRect,
    Qt,
    QTableView,
    QtCore,
    QtGui,
    QtWidgets,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import announce
from s200desk.ui.theme import colours


class Verdict(StrEnum):
    OK = "ok"
    PAST = "past"  # refused
    FULL = "full"  # allowed after a warning: the post would be queued for the next day
    SAME = "same"  # dropped where it already is: nothing to do


Judge = Callable[[PostRow, Cell], Verdict]
FLIP_EDGE = 24  # px along the week grid's left and right edges that turn the week while dragging
FLIP_DELAY_MS = 600  # how long a dragged chip waits there before the page turns (and turns again)


@dataclass
class _Drag:
    row: PostRow
    origin: QPoint
    active: bool = False
    pos: QPoint | None = None
    target: QModelIndex | None = None
    verdict: Verdict = Verdict.SAME


class GridView(QTableView):
    """A month or week grid; tells the page what the user did with the posts in it."""

    chip_dropped = Signal(str, object)  # post id, target Cell
    chip_activated = Signal(str)  # double-click / Enter on a chip: open it
    empty_activated = Signal(object)  # double-click / Enter on an empty spot: the Cell
    context_requested = Signal(object, object, QPoint)  # PostRow | None, Cell, global position
    selection_moved = Signal(object)  # the selected PostRow or None
    pressed = Signal()  # any mouse press on the grid (closes the day's list)
    more_requested = Signal(object, QRect)  # "+N more" clicked: the Cell, its rect (viewport)
    flip_requested = Signal(int)  # a chip is held at an edge: show the page before (-1) / after

    def __init__(self, model: CalendarModel, *, week: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cal = model
        self._week = week
        self.chips = ChipDelegate(model, show_header=not week, parent=self)
        self.setItemDelegate(self.chips)
        self.judge: Judge = lambda row, cell: Verdict.OK
        # Where else a held chip turns the page: global position -> -1, +1 or 0 (the page's
        # ‹ and › buttons).
        self.flip_zone: Callable[[QPoint], int] = lambda global_pos: 0
        self._drag: _Drag | None = None
        self._flip_step = 0
        self._flip_timer = QtCore.QTimer(self)
        self._flip_timer.setSingleShot(True)
        self._flip_timer.setInterval(FLIP_DELAY_MS)
        self._flip_timer.timeout.connect(self._flip)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setShowGrid(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTabKeyNavigation(False)  # Tab leaves the grid; arrows go from day to day
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        vheader = self.verticalHeader()
        vheader.setHighlightSections(False)
        if week:
            vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            vheader.setDefaultSectionSize(44)
            vheader.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            header.setMinimumHeight(36)
        else:
            vheader.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            vheader.hide()

    # -- what is where ---------------------------------------------------------------------

    @property
    def selected_id(self) -> str | None:
        return self.chips.selected_id

    def select_post(self, post_id: str | None) -> None:
        if post_id != self.chips.selected_id:
            self.chips.selected_id = post_id
            self.viewport().update()
            row = self._cal.row(post_id) if post_id else None
            if row is not None and self.hasFocus():  # the cell did not change: say the post
                announce(self, post_words(row, self._cal))
            self.selection_moved.emit(self._cal.row(post_id) if post_id else None)

    def hit(self, pos: QPoint) -> tuple[QModelIndex, Cell | None, PostRow | None]:
        index = self.indexAt(pos)
        cell = cell_of(index)
        if cell is None:
            return index, None, None
        return index, cell, self.chips.chip_at(self.visualRect(index), cell, pos.x(), pos.y())

    def more_rect(self, day: object) -> QRect | None:
        """Where the "+N more" line of ``day``'s cell is drawn (viewport coordinates), if any."""
        model = self.model()
        if model is None:
            return None
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                cell = cell_of(model.index(r, c))
                if cell is not None and cell.day == day:
                    more = self.chips.layout(self.visualRect(model.index(r, c)), cell)[1]
                    if more is not None:
                        return more
        return None

    def start_drag(self, row: PostRow, pos: QPoint) -> None:
        """Carry on a drag begun elsewhere (the day's list under "+N more"): the chip is held at
        ``pos`` (viewport coordinates) and this grid takes the mouse until it is released."""
        if not self._cal.is_draggable(row):
            return
        self._drag = _Drag(row=row, origin=pos, active=True, pos=pos)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.viewport().grabMouse()
        self._aim(self._drag)
        self.viewport().update()

    def chip_rect(self, post_id: str) -> QRect | None:
        """Where the chip of ``post_id`` is drawn in viewport coordinates (tests, tooltips)."""
        model = self.model()
        if model is None:
            return None
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                index = model.index(r, c)
                cell = cell_of(index)
                if cell is None or not any(row.id == post_id for row in cell.rows):
                    continue
                for rect, row in self.chips.layout(self.visualRect(index), cell)[0]:
                    if row.id == post_id:
                        return rect
        return None

    # -- mouse -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        pos = event.position().toPoint()
        self.pressed.emit()
        index, cell, row = self.hit(pos)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if index.isValid():
            self.setCurrentIndex(index)
        if cell is not None and row is None and event.button() == Qt.MouseButton.LeftButton:
            more = self.chips.layout(self.visualRect(index), cell)[1]
            if more is not None and more.adjusted(0, -2, 0, 2).contains(pos):
                self.more_requested.emit(cell, more)
                event.accept()
                return
        self.select_post(row.id if row else None)
        if event.button() == Qt.MouseButton.LeftButton and row is not None \
                and self._cal.is_draggable(row):
            self._drag = _Drag(row=row, origin=pos)
        event.accept()

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        drag = self._drag
        pos = event.position().toPoint()
        if drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
            event.accept()
            return
        if not drag.active and (pos - drag.origin).manhattanLength() \
                >= QApplication.startDragDistance():
            drag.active = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if drag.active:
            drag.pos = pos
            self._aim(drag)
            self._autoscroll(pos)
            self._set_flip(self._flip_step_at(pos))
            self.viewport().update()
        event.accept()

    def _aim(self, drag: _Drag) -> None:
        """The cell under the held chip and what dropping it there would do."""
        if drag.pos is None:
            return
        index, cell, _ = self.hit(drag.pos)
        drag.target = index if cell is not None else None
        drag.verdict = self.judge(drag.row, cell) if cell is not None else Verdict.SAME

    # -- turning the page while dragging ---------------------------------------------------

    def _flip_step_at(self, pos: QPoint) -> int:
        """-1 / +1 if a chip held at ``pos`` (viewport coordinates) should turn the page."""
        step = self.flip_zone(self.viewport().mapToGlobal(pos))
        if step or not self._week:
            return step
        if pos.x() < FLIP_EDGE:
            return -1
        if pos.x() >= self.viewport().width() - FLIP_EDGE:
            return 1
        return 0

    def _set_flip(self, step: int) -> None:
        if step != self._flip_step:
            self._flip_step = step
            if step:
                self._flip_timer.start()
            else:
                self._flip_timer.stop()

    def _flip(self) -> None:
        drag = self._drag
        if drag is None or not drag.active or not self._flip_step:
            return
        self.flip_requested.emit(self._flip_step)
        self._aim(drag)  # the same spot is now a cell of the new page
        self.viewport().update()
        self._flip_timer.start()  # still held there: turn again after another moment

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self._set_flip(0)
        self.unsetCursor()
        if QtWidgets.QWidget.mouseGrabber() is self.viewport():
            self.viewport().releaseMouse()
        if drag is not None and drag.active:
            _, cell, _ = self.hit(event.position().toPoint())
            self.viewport().update()
            if cell is not None:
                self.chip_dropped.emit(drag.row.id, cell)
        event.accept()

    def mouseDoubleClickEvent(self, event: QtGui.QMouseEvent) -> None:
        self._drag = None
        self._set_flip(0)
        _, cell, row = self.hit(event.position().toPoint())
        if row is not None:
            self.chip_activated.emit(row.id)
        elif cell is not None:
            self.empty_activated.emit(cell)
        event.accept()

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        pos = self.viewport().mapFrom(self, event.pos())
        _, cell, row = self.hit(pos)
        if cell is None:
            return
        self.select_post(row.id if row else None)
        self.context_requested.emit(row, cell, event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QtGui.QHelpEvent = event  # type: ignore[assignment]
            _, _, row = self.hit(help_event.pos())
            if row is not None:
                QtWidgets.QToolTip.showText(help_event.globalPos(), chip_tooltip(row, self._cal),
                                            self)
            else:
                QtWidgets.QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _autoscroll(self, pos: QPoint) -> None:
        if not self._week:
            return
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        if pos.y() < 20:
            bar.setValue(bar.value() - 12)
        elif pos.y() > height - 20:
            bar.setValue(bar.value() + 12)

    # -- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        index = self.currentIndex()
        cell = cell_of(index)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if cell is not None:
                selected = self.selected_id
                if selected and any(r.id == selected for r in cell.rows):
                    self.chip_activated.emit(selected)
                else:
                    self.empty_activated.emit(cell)
            event.accept()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and cell is not None and cell.rows \
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            ids = [r.id for r in cell.rows]
            step = -1 if key == Qt.Key.Key_Up else 1
            if self.selected_id in ids:
                i = ids.index(self.selected_id) + step
                if 0 <= i < len(ids):
                    self.select_post(ids[i])
                    event.accept()
                    return
            else:  # focus arrived on a day with posts: into them, not off to another week
                self.select_post(ids[0] if step > 0 else ids[-1])
                event.accept()
                return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            super().keyPressEvent(event)
            new = cell_of(self.currentIndex())
            if new is not None:
                pick = (new.rows[-1] if key == Qt.Key.Key_Up else new.rows[0]) if new.rows \
                    else None
                self.select_post(pick.id if pick else None)
            return
        super().keyPressEvent(event)

    # -- drag feedback ---------------------------------------------------------------------

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        drag = self._drag
        if drag is None or not drag.active or drag.pos is None:
            return
        c = colours()
        painter = QPainter(self.viewport())
        if self._flip_step and self._week:
            # The edge the chip is held at: the page turns that way in a moment.
            viewport = self.viewport().rect()
            strip = QRect(viewport.left(), viewport.top(), FLIP_EDGE, viewport.height())
            if self._flip_step > 0:
                strip.moveRight(viewport.right())
            fill = QColor(c.accent)
            fill.setAlpha(50)
            painter.fillRect(strip, fill)
            painter.setPen(QColor(c.accent))
            painter.drawText(strip, int(Qt.AlignmentFlag.AlignCenter),
                             "›" if self._flip_step > 0 else "‹")
        if drag.target is not None and drag.target.isValid():
            colour = {Verdict.OK: c.accent, Verdict.SAME: c.muted, Verdict.PAST: c.danger,
                      Verdict.FULL: "#D97706"}[drag.verdict]
            rect = self.visualRect(drag.target).adjusted(1, 1, -1, -1)
            fill = QColor(colour)
            fill.setAlpha(40)
            painter.fillRect(rect, fill)
            painter.setPen(QtGui.QPen(QColor(colour), 2))
            painter.drawRect(rect)
            if drag.verdict in (Verdict.PAST, Verdict.FULL):
                note = "In the past" if drag.verdict is Verdict.PAST else "Day full: queued"
                painter.drawText(rect.adjusted(4, 0, -4, -2),
                                 int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight),
                                 note)
        width = max(120, self.columnWidth(0) - 6)
        ghost = QRect(drag.pos.x() - 12, drag.pos.y() - 9, width, 18)
        self.chips.paint_chip(painter, ghost, drag.row, ghost=True)
        painter.end()
