"""The media library as a Qt list model: one row per ``MediaRecord``, thumbnails as decoration.

Fed from the store (``set_records``) after every ``media`` change; live upload progress comes
in through ``set_progress`` so the grid shows it without a store write per megabyte.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shiboken6

from s200desk.services.media.validation import IMAGE_TYPES, VIDEO_TYPES, human_size
from s200desk.store.media_repo import MediaRecord
from s200desk.ui.media.thumbnails import THUMB, ThumbnailCache, placeholder
from s200desk.ui.qt import QAbstractListModel, QByteArray, QModelIndex, QPixmap, Qt, QtCore
from s200desk.ui.qt import QtModelIndex as _Index

RecordRole = Qt.ItemDataRole.UserRole + 1
FileIdRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3
SizeTextRole = Qt.ItemDataRole.UserRole + 4
StateRole = Qt.ItemDataRole.UserRole + 5
ProgressRole = Qt.ItemDataRole.UserRole + 6  # 0..1 while hosting, else None
TypeLabelRole = Qt.ItemDataRole.UserRole + 7

LIBRARY_MIME = "application/x-s200desk-media-ids"

STATE_WORDS = {
    "queued": "Waiting",
    "hosting": "Uploading",
    "hosted": "Uploaded",
    "ingesting": "Adding to library",
    "ready": "Ready",
    "failed": "Failed",
    "cancelled": "Cancelled",
}


def type_label(rec: MediaRecord) -> str:
    if rec.mime:
        return IMAGE_TYPES.get(rec.mime) or VIDEO_TYPES.get(rec.mime) or rec.mime
    return "Web file"


class MediaLibraryModel(QAbstractListModel):
    """Rows of the library, newest first."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MediaRecord] = []
        self._index: dict[str, int] = {}
        self._progress: dict[str, float] = {}
        self.thumbnails = ThumbnailCache(self._thumbnail_ready)

    # -- feeding ---------------------------------------------------------------------------

    def set_records(self, records: Sequence[MediaRecord]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self._index = {r.id: i for i, r in enumerate(self._rows)}
        for rec in self._rows:
            if rec.state not in ("queued", "hosting"):
                self._progress.pop(rec.id, None)
        self.endResetModel()

    def upsert(self, rec: MediaRecord) -> None:
        row = self._index.get(rec.id)
        if row is None:
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._rows.insert(0, rec)
            self._index = {r.id: i for i, r in enumerate(self._rows)}
            self.endInsertRows()
            return
        self._rows[row] = rec
        idx = self.index(row)
        self.dataChanged.emit(idx, idx)

    def set_progress(self, media_id: str, fraction: float | None) -> None:
        if fraction is None:
            self._progress.pop(media_id, None)
        else:
            self._progress[media_id] = fraction
        row = self._index.get(media_id)
        if row is not None:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [ProgressRole])

    def record(self, row: int) -> MediaRecord:
        return self._rows[row]

    def records(self) -> list[MediaRecord]:
        return list(self._rows)

    def row_of(self, media_id: str) -> int | None:
        return self._index.get(media_id)

    def _thumbnail_ready(self, media_id: str) -> None:
        if not shiboken6.isValid(self):  # read finished after the page went away
            return
        row = self._index.get(media_id)
        if row is not None:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def _thumbnail(self, rec: MediaRecord) -> QPixmap:
        cached = self.thumbnails.get(rec.id)
        if cached is not None:
            return cached
        if rec.kind == "video":
            pix = placeholder("video", type_label(rec), THUMB, "duration unknown")
            self.thumbnails.put(rec.id, pix)
            return pix
        if rec.kind == "image" and rec.path:
            self.thumbnails.request(rec.id, rec.path)
            got = self.thumbnails.get(rec.id)
            if got is not None:
                return got
            return placeholder("image", "loading…", THUMB)
        return placeholder("image", type_label(rec), THUMB)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rec = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return rec.name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [rec.name, f"{type_label(rec)} · {self.data(index, SizeTextRole)}"]
            lines.append(f"file id: {rec.file_id}" if rec.file_id else STATE_WORDS[rec.state])
            if rec.error:
                lines.append(rec.error)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{rec.name}, {type_label(rec)}, {STATE_WORDS[rec.state]}"
        if role == RecordRole:
            return rec
        if role == FileIdRole:
            return rec.file_id
        if role == KindRole:
            return rec.kind
        if role == TypeLabelRole:
            return type_label(rec)
        if role == SizeTextRole:
            return human_size(rec.size) if rec.size is not None else "size unknown"
        if role == StateRole:
            return rec.state
        if role == ProgressRole:
            return self._progress.get(rec.id)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._rows[index.row()].ready:
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def mimeTypes(self) -> list[str]:
        return [LIBRARY_MIME, "text/plain"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QtCore.QMimeData:
        """Dragging ready items out (to the composer's attached list) carries their file ids."""
        ids = [f for i in indexes if i.isValid() and (f := self._rows[i.row()].file_id)]
        mime = QtCore.QMimeData()
        mime.setData(LIBRARY_MIME, QByteArray("\n".join(ids).encode()))
        mime.setText("\n".join(ids))
        return mime
