"""AttachedMediaList: the media of the post being composed, in order, reordered by drag.

Carousels and slideshows publish in this order: ``media_refs()`` / ``file_ids()`` give it to the
composer, which puts it in ``content.mediaID`` as is. Items come from the library (double-click,
or a drag carrying ``LIBRARY_MIME``) or from ``add(record)`` when an upload becomes ready.

The move is done by the view itself (``dropEvent`` → ``model.move_rows``) rather than by Qt's
InternalMove, which in icon mode only moves tiles on screen and, after a move, can delete the
wrong rows; a drag inside the list carries the dragged rows' positions (``ROWS_MIME``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shiboken6

from s200desk.services.media.validation import PlatformLimits, platform_problems
from s200desk.services.outbox import MediaRef
from s200desk.store.media_repo import MediaRecord
from s200desk.ui.media.model import LIBRARY_MIME, type_label
from s200desk.ui.media.thumbnails import ThumbnailCache, placeholder
from s200desk.ui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QByteArray,
    QListView,
    QModelIndex,
    QPixmap,
    QSize,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QtCore,
    QtGui,
    QWidget,
    Signal,
)
from s200desk.ui.qt import QtModelIndex as _Index

ROWS_MIME = "application/x-s200desk-attached-rows"
ATTACHED_THUMB = QSize(96, 72)


class AttachedMediaModel(QAbstractListModel):
    """Attached items in publishing order."""

    order_changed = Signal()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[MediaRecord] = []
        self.thumbnails = ThumbnailCache(self._thumb_ready, ATTACHED_THUMB)

    def _thumb_ready(self, media_id: str) -> None:
        if not shiboken6.isValid(self):  # read finished after the list went away
            return
        for row, rec in enumerate(self._items):
            if rec.id == media_id:
                idx = self.index(row)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    # -- content ---------------------------------------------------------------------------

    def items(self) -> list[MediaRecord]:
        return list(self._items)

    def set_items(self, records: Sequence[MediaRecord]) -> None:
        self.beginResetModel()
        self._items = [r for r in records if r.file_id]
        self.endResetModel()
        self.order_changed.emit()

    def add(self, rec: MediaRecord, row: int | None = None) -> bool:
        """Attach a ready item (once; attaching it again does nothing)."""
        if not rec.file_id or any(r.file_id == rec.file_id for r in self._items):
            return False
        row = len(self._items) if row is None else max(0, min(row, len(self._items)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, rec)
        self.endInsertRows()
        self.order_changed.emit()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            self.endRemoveRows()
            self.order_changed.emit()

    def move_rows(self, rows: Sequence[int], before: int) -> None:
        """Move ``rows`` (kept in their order) so they sit before row ``before`` (end: len)."""
        rows = sorted({r for r in rows if 0 <= r < len(self._items)})
        if not rows:
            return
        before = max(0, min(before, len(self._items)))
        moving = [self._items[r] for r in rows]
        rest = [rec for i, rec in enumerate(self._items) if i not in set(rows)]
        at = before - sum(1 for r in rows if r < before)
        new = rest[:at] + moving + rest[at:]
        if new == self._items:
            return
        self.beginResetModel()  # a multi-row move; the list is short
        self._items = new
        self.endResetModel()
        self.order_changed.emit()

    def moveRows(self, src_parent: _Index, src_row: int, count: int,
                 dst_parent: _Index, dst_row: int) -> bool:
        if src_parent.isValid() or dst_parent.isValid():
            return False
        self.move_rows(range(src_row, src_row + count), dst_row)
        return True

    def file_ids(self) -> list[str]:
        return [r.file_id for r in self._items if r.file_id]

    def media_refs(self) -> tuple[MediaRef, ...]:
        return tuple(MediaRef(file_id=f) for f in self.file_ids())

    def problems(self, limits: Sequence[PlatformLimits]) -> list[str]:
        """Why attached items cannot go to these platforms (their limits from the platforms
        endpoint); empty when every item fits every platform."""
        out: list[str] = []
        for rec in self._items:
            if rec.mime and rec.size is not None:
                out.extend(f"“{rec.name}”: {p}" for p in platform_problems(rec.mime, rec.size,
                                                                           limits))
        return out

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        rec = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {rec.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{rec.name}\n{type_label(rec)} · file id {rec.file_id}\nDrag to reorder."
        if role == Qt.ItemDataRole.DecorationRole:
            cached = self.thumbnails.get(rec.id)
            if cached is not None:
                return cached
            if rec.kind == "image" and rec.path:
                self.thumbnails.request(rec.id, rec.path)
                return self.thumbnails.get(rec.id) or placeholder(
                    "image", "…", ATTACHED_THUMB
                )
            pix = placeholder(rec.kind or "image", type_label(rec), ATTACHED_THUMB)
            self.thumbnails.put(rec.id, pix)
            return pix
        if role == Qt.ItemDataRole.UserRole:
            return rec
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME, LIBRARY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QtCore.QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QtCore.QMimeData()
        mime.setData(ROWS_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return mime


class _TileDelegate(QStyledItemDelegate):
    """Thumbnail above its numbered name, like icon mode, in a list that keeps its order."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Top
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        option.textElideMode = Qt.TextElideMode.ElideMiddle

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(ATTACHED_THUMB.width() + 24,
                     ATTACHED_THUMB.height() + option.fontMetrics.height() + 14)


class AttachedMediaList(QListView):
    """A strip of attached media; drag a tile to change the publishing order."""

    order_changed = Signal(list)  # list[str]: file ids in order
    library_ids_dropped = Signal(list, int)  # file ids from the library, row to insert at

    def __init__(self, model: AttachedMediaModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachedMedia")
        self.setAccessibleName("Attached media, in publishing order")
        self.media = model or AttachedMediaModel(self)
        self.setModel(self.media)
        # List mode flowing left to right: a strip, with a real order (icon mode's free
        # movement would only move tiles on screen).
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setIconSize(ATTACHED_THUMB)
        self.setItemDelegate(_TileDelegate(self))
        self.setSpacing(4)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.media.order_changed.connect(lambda: self.order_changed.emit(self.media.file_ids()))

    def file_ids(self) -> list[str]:
        return self.media.file_ids()

    def media_refs(self) -> tuple[MediaRef, ...]:
        return self.media.media_refs()

    def drop_row_at(self, pos: QtCore.QPoint) -> int:
        """The row a drop at ``pos`` inserts before: left half of a tile → before it."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.media.rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.x() > rect.center().x() else 0)

    def startDrag(self, supported: Qt.DropAction) -> None:
        indexes = self.selectedIndexes()
        if not indexes:
            return
        drag = QtGui.QDrag(self)
        drag.setMimeData(self.media.mimeData(indexes))
        pix = indexes[0].data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pix, QPixmap):
            drag.setPixmap(pix.scaled(64, 48, Qt.AspectRatioMode.KeepAspectRatio))
        # The drop already reordered the model; nothing is removed afterwards.
        drag.exec(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(ROWS_MIME) or mime.hasFormat(LIBRARY_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(ROWS_MIME) or mime.hasFormat(LIBRARY_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        mime = event.mimeData()
        before = self.drop_row_at(event.position().toPoint())
        if mime.hasFormat(ROWS_MIME):
            raw = bytes(mime.data(ROWS_MIME).data()).decode()
            rows = [int(r) for r in raw.split(",") if r.strip().isdigit()]
            self.media.move_rows(rows, before)
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            return
        if mime.hasFormat(LIBRARY_MIME):
            ids = bytes(mime.data(LIBRARY_MIME).data()).decode().split()
            self.library_ids_dropped.emit(ids, before)
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        event.ignore()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            for row in sorted({i.row() for i in self.selectedIndexes()}, reverse=True):
                self.media.remove(row)
            event.accept()
            return
        super().keyPressEvent(event)
