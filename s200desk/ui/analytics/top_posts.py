"""The top-posts table: measured posts of the range, sortable by any column."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from s200desk.services.analytics import TopPost
from s200desk.ui.analytics.cards import format_count, format_rate
from s200desk.ui.formatting import format_when
from s200desk.ui.icons import platform_icon, platform_label
from s200desk.ui.qt import QAbstractTableModel, QModelIndex, Qt, QtModelIndex

# (header, attribute to sort by)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Post", "caption"),
    ("Profile", "account_id"),
    ("Published", "published_at"),
    ("Views", "views"),
    ("Likes", "likes"),
    ("Comments", "comments"),
    ("Shares", "shares"),
    ("Saves", "saves"),
    ("Engagement", "engagement_rate"),
)
NUMERIC = {"views", "likes", "comments", "shares", "saves", "engagement_rate"}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
POST_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class TopPostsModel(QAbstractTableModel):
    """Rows are :class:`TopPost`; ``sort`` reorders them in Python (numbers best first)."""

    def __init__(self, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TopPost] = []
        self._zone = zone
        self._sort: tuple[int, Qt.SortOrder] = (3, Qt.SortOrder.DescendingOrder)

    def set_rows(self, rows: Sequence[TopPost]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def set_zone(self, zone: tzinfo) -> None:
        self._zone = zone
        if self._rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._rows) - 1, 2))

    def rows(self) -> list[TopPost]:
        return list(self._rows)

    def post_id(self, row: int) -> str | None:
        return self._rows[row].post_id if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Headers keep the header's own (centred) alignment: a right-aligned title ran under
        # the sort arrow ("Views" read "View" with the arrow on its "s").
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: QtModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        attr = COLUMNS[index.column()][1]
        value = getattr(row, attr)
        if role == Qt.ItemDataRole.DisplayRole:
            if attr == "caption":
                text = " ".join(row.caption.split())
                return text if len(text) <= 60 else text[:59] + "…"
            if attr == "account_id":
                return row.account_id
            if attr == "published_at":
                return row.published_at.astimezone(self._zone).strftime("%d %b %H:%M")
            if attr == "engagement_rate":
                return format_rate(value)
            return format_count(value) if value >= 10_000 else f"{value:,}"
        if role == Qt.ItemDataRole.DecorationRole and attr == "account_id":
            return platform_icon(row.platform)
        if role == Qt.ItemDataRole.ToolTipRole and attr == "caption":
            return row.caption
        if role == Qt.ItemDataRole.ToolTipRole and attr == "account_id":
            return f"{platform_label(row.platform)} · {row.account_id}"
        if role == Qt.ItemDataRole.ToolTipRole and attr == "published_at":
            return format_when(row.published_at, self._zone)
        if role == Qt.ItemDataRole.TextAlignmentRole and attr in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return value
        if role == POST_ID_ROLE:
            return row.post_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        attr = COLUMNS[column][1]

        def key(row: TopPost) -> tuple[int, Any]:
            value = getattr(row, attr)
            if isinstance(value, str):
                value = value.casefold()
            return (0, 0) if value is None else (1, value)

        self._rows.sort(key=lambda r: r.post_id)
        descending = order == Qt.SortOrder.DescendingOrder
        present = [r for r in self._rows if getattr(r, attr) is not None]
        missing = [r for r in self._rows if getattr(r, attr) is None]
        present.sort(key=key, reverse=descending)
        self._rows = present + missing  # rows without a value (no views) always last
