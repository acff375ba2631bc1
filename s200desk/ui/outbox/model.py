"""OutboxModel: the outbox's intents as a table, newest first, fed from the store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from s200desk.services.outbox import Intent
from s200desk.ui.outbox.colours import state_colour
from s200desk.ui.outbox.words import STATE_WORDS, detail, what, when
from s200desk.ui.qt import QAbstractTableModel, QColor, QModelIndex, Qt, QtModelIndex

COLUMNS = ("State", "Post", "When", "Details", "Tries")
IntentRole = Qt.ItemDataRole.UserRole + 1


class OutboxModel(QAbstractTableModel):
    def __init__(self, time_zone: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.zone = time_zone
        self._rows: list[Intent] = []

    def set_time_zone(self, zone: str) -> None:
        self.zone = zone
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 4))

    def set_intents(self, intents: Sequence[Intent]) -> None:
        self.beginResetModel()
        # The store lists oldest first (created_at, then insertion order): newest on top.
        self._rows = list(reversed(intents))
        self.endResetModel()

    def intent(self, row: int) -> Intent | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, intent_id: str) -> int:
        return next((n for n, i in enumerate(self._rows) if i.id == intent_id), -1)

    def intents(self) -> list[Intent]:
        return list(self._rows)

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QtModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        intent = self.intent(index.row()) if index.isValid() else None
        if intent is None:
            return None
        col = index.column()
        if role == IntentRole:
            return intent
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return STATE_WORDS[intent.state]
            if col == 1:
                return what(intent)
            if col == 2:
                return when(intent, self.zone)
            if col == 3:
                return detail(intent, self.zone)
            return str(intent.attempts)
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QColor(state_colour(intent.state))
        return None
