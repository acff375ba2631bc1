"""The agenda: a list of days and their posts over a date range, drawn by a delegate."""

from __future__ import annotations

from datetime import date
from typing import Any

from s200desk.ui.calendar.chips import ChipDelegate
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.icons import platform_label
from s200desk.ui.posts.model import PostRow
from s200desk.ui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QColor,
    QFont,
    QListView,
    QModelIndex,
    QPainter,
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
        cal.changed.connect(self.refresh)

    def set_range(self, first: date, last: date) -> None:
        self._range = (first, last)
        self.refresh()

    def refresh(self) -> None:
        items: list[date | PostRow] = []
        if self._range is not None:
            for day in self._cal.days_with_posts(*self._range):
                items.append(day)
                items.extend(self._cal.rows_on(day))
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def item(self, row: int) -> date | PostRow | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, post_id: str) -> int:
        return next((i for i, it in enumerate(self._items)
                     if isinstance(it, PostRow) and it.id == post_id), -1)

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
        return None

    def flags(self, index: QtModelIndex) -> Qt.ItemFlag:
        item = self.item(index.row()) if index.isValid() else None
        if isinstance(item, PostRow):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled


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
        elif isinstance(item, PostRow):
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            self._chips.selected_id = item.id if selected else None
            self._chips.paint_chip(painter, rect.adjusted(24, 3, -12, -3), item)
            self._chips.selected_id = None
        painter.restore()


class AgendaView(QListView):
    """The agenda list; Enter or a double-click opens a post."""

    chip_activated = Signal(str)
    context_requested = Signal(object, object, object)  # PostRow, None, global QPoint

    def __init__(self, cal: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agenda = AgendaModel(cal)
        self.setModel(self.agenda)
        self._chips = ChipDelegate(cal, show_header=False, parent=self)
        self.setItemDelegate(AgendaDelegate(self._chips, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.doubleClicked.connect(self._on_double_clicked)

    def selected_post(self) -> PostRow | None:
        item = self.agenda.item(self.currentIndex().row())
        return item if isinstance(item, PostRow) else None

    def _on_double_clicked(self, index: QModelIndex) -> None:
        item = self.agenda.item(index.row())
        if isinstance(item, PostRow):
            self.chip_activated.emit(item.id)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            post = self.selected_post()
            if post is not None:
                self.chip_activated.emit(post.id)
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        index = self.indexAt(self.viewport().mapFrom(self, event.pos()))
        item = self.agenda.item(index.row())
        if isinstance(item, PostRow):
            self.setCurrentIndex(index)
            self.context_requested.emit(item, None, event.globalPos())
