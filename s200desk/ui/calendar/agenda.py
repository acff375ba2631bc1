"""The agenda: a list of days and their posts over a date range, drawn by a delegate.

Its items are day headers (``date``) and posts. A post is whatever the calendar model holds: a
``PostRow`` in tests, the store's ``StoredPost`` records in the app (the shared posts model hands
those over as they are), so an item is told apart by being a ``date`` or not, never by being a
``PostRow``: checking for ``PostRow`` once left the app's agenda drawing blank rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from s200desk.ui.calendar.chips import ChipDelegate
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.calendar.spoken_posts import post_words
from s200desk.ui.icons import platform_label
from s200desk.ui.posts.model import PostRow
from s200desk.ui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QApplication,
    QColor,
    QFont,
    QListView,
    QModelIndex,
    QPainter,
    QPoint,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QtGui,
    QtModelIndex,
    QWidget,
    Signal,
)
from s200desk.ui.theme import colours

ItemRole = int(Qt.ItemDataRole.UserRole) + 21


class AgendaModel(QAbstractListModel):
    """Days (as headers) and their posts, in time order, between two dates."""

    def __init__(self, cal: CalendarModel) -> None:
        super().__init__()
        self._cal = cal
        self._range: tuple[date, date] | None = None
        self._items: list[date | PostRow] = []
        self._range_days: list[date] = []
        cal.changed.connect(self.refresh)

    def set_range(self, first: date, last: date) -> None:
        self._range = (first, last)
        self.refresh()

    @property
    def range(self) -> tuple[date, date] | None:
        return self._range

    def refresh(self) -> None:
        items: list[date | PostRow] = []
        if self._range is not None:
            for day in self._cal.days_with_posts(*self._range):
                rows = self._cal.rows_on(day)
                if rows:
                    items.append(day)
                    items.extend(rows)
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def item(self, row: int) -> date | PostRow | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def post(self, row: int) -> PostRow | None:
        """The post on list row ``row`` (None for a day header or outside the list)."""
        item = self.item(row)
        return None if item is None or isinstance(item, date) else item

    def posts(self) -> list[PostRow]:
        """Every post listed, in list order."""
        return [it for it in self._items if not isinstance(it, date)]

    def row_of(self, post_id: str) -> int:
        return next((i for i, it in enumerate(self._items)
                     if not isinstance(it, date) and it.id == post_id), -1)

    def data(self, index: QtModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(item, date):
                return item.strftime("%A %d %B")
            return f"{platform_label(item.platform)}: {item.caption[:80]}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return item.strftime("%A %d %B") if isinstance(item, date) \
                else post_words(item, self._cal)
        return None

    def flags(self, index: QtModelIndex) -> Qt.ItemFlag:
        item = self.item(index.row()) if index.isValid() else None
        if item is None or isinstance(item, date):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class AgendaDelegate(QStyledItemDelegate):
    def __init__(self, chips: ChipDelegate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chips = chips
        self._header_font = QFont()
        self._header_font.setBold(True)
        self._header_font.setPixelSize(13)

    def sizeHint(self, option: QStyleOptionViewItem, index: QtModelIndex) -> QSize:
        item = index.data(ItemRole)
        return QSize(200, 32 if isinstance(item, date) else 26)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QtModelIndex) -> None:
        item = index.data(ItemRole)
        rect: QRect = option.rect
        c = colours()
        painter.save()
        if isinstance(item, date):
            painter.setFont(self._header_font)
            painter.setPen(QColor(c.text))
            painter.drawText(rect.adjusted(12, 8, -12, 0),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             item.strftime("%A %d %B %Y"))
            painter.setPen(QColor(c.border))
            painter.drawLine(rect.left() + 12, rect.bottom(), rect.right() - 12, rect.bottom())
        elif item is not None:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            self._chips.selected_id = item.id if selected else None
            self._chips.paint_chip(painter, rect.adjusted(24, 3, -12, -3), item)
            self._chips.selected_id = None
        painter.restore()


class AgendaView(QListView):
    """The agenda list: Up/Down go from post to post, Enter or a double-click opens one, the
    context menu (or the menu key) offers what the month and week offer."""

    chip_activated = Signal(str)
    context_requested = Signal(object, object, object)  # post, None, global QPoint
    selection_moved = Signal(object)  # the selected post or None
    drag_out = Signal(object, QPoint)  # a post dragged out of the list; the global position

    def __init__(self, cal: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keep: str | None = None  # the post to keep selected when the list is rebuilt
        self._pressed: tuple[PostRow, QPoint] | None = None  # a post pressed on, where
        self.drags_out = False  # a post dragged in the list leaves it (the day's list)
        self.agenda = AgendaModel(cal)
        self.setModel(self.agenda)
        self._chips = ChipDelegate(cal, show_header=False, parent=self)
        self.setItemDelegate(AgendaDelegate(self._chips, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.agenda.modelReset.connect(self._on_reset)

    @property
    def chips(self) -> ChipDelegate:
        return self._chips

    def selected_post(self) -> PostRow | None:
        return self.agenda.post(self.currentIndex().row())

    @property
    def selected_id(self) -> str | None:
        post = self.selected_post()
        return post.id if post is not None else None

    def select_post(self, post_id: str | None) -> None:
        row = self.agenda.row_of(post_id) if post_id else -1
        if row < 0:
            self.clearSelection()
            self.setCurrentIndex(QModelIndex())
            return
        index = self.agenda.index(row)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def scroll_to_day(self, day: date) -> None:
        """Show ``day`` (or the next day with posts) at the top: the month opens at today."""
        agenda = self.agenda
        row = next((i for i in range(agenda.rowCount())
                    if isinstance(d := agenda.item(i), date) and d >= day), -1)
        if row >= 0:
            self.scrollTo(agenda.index(row), QAbstractItemView.ScrollHint.PositionAtTop)

    def _on_reset(self) -> None:
        # The list is rebuilt on every change: keep the selected post selected.
        if self._keep:
            self.select_post(self._keep)

    def currentChanged(self, current: QtModelIndex, previous: QtModelIndex) -> None:
        super().currentChanged(current, previous)
        post = self.agenda.post(current.row())
        self._keep = post.id if post is not None else self._keep
        self.selection_moved.emit(post)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        pos = event.position().toPoint()
        post = self.agenda.post(self.indexAt(pos).row())
        left = event.button() == Qt.MouseButton.LeftButton
        self._pressed = (post, pos) if post is not None and left else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        pressed = self._pressed
        pos = event.position().toPoint()
        if pressed is not None and event.buttons() & Qt.MouseButton.LeftButton and \
                (pos - pressed[1]).manhattanLength() >= QApplication.startDragDistance():
            self._pressed = None
            if self.drags_out:
                self.drag_out.emit(pressed[0], self.viewport().mapToGlobal(pos))
                event.accept()
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        self._pressed = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QtGui.QMouseEvent) -> None:
        post = self.agenda.post(self.indexAt(event.position().toPoint()).row())
        if post is not None:
            self.select_post(post.id)
            self.chip_activated.emit(post.id)
        event.accept()

    def _step(self, step: int) -> None:
        """Select the next (+1) or previous (-1) post, passing over the day headers."""
        row = self.currentIndex().row()
        if row < 0:
            row = -1 if step > 0 else self.agenda.rowCount()
        row += step
        while 0 <= row < self.agenda.rowCount():
            if self.agenda.post(row) is not None:
                self.select_post(self.agenda.post(row).id)  # type: ignore[union-attr]
                return
            row += step

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            post = self.selected_post()
            if post is not None:
                self.chip_activated.emit(post.id)
            event.accept()
            return
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if key == Qt.Key.Key_Menu:
            post = self.selected_post()
            if post is not None:
                rect = self.visualRect(self.currentIndex())
                self.context_requested.emit(post, None,
                                            self.viewport().mapToGlobal(rect.center()))
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        index = self.indexAt(self.viewport().mapFrom(self, event.pos()))
        post = self.agenda.post(index.row())
        if post is not None:
            self.setCurrentIndex(index)
            self.context_requested.emit(post, None, event.globalPos())
