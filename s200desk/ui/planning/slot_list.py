"""SlotList: the queue view's upcoming slots, where a post is dragged onto another slot.

The list is never reordered by the drag itself: it asks for the move (``slot_dropped``), the
editor reschedules through the outbox, and the list is read again from the store afterwards.
"""

from __future__ import annotations

from typing import Any

from s200desk.ui.qt import QAbstractItemView, QListWidget, Qt, QWidget, Signal


class SlotList(QListWidget):
    slot_dropped = Signal(int, int)  # the dragged post's row, the row of the slot it went to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dropEvent(self, event: Any) -> None:
        source = self.currentRow()
        target = self.indexAt(event.position().toPoint()).row()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if source >= 0 and target >= 0 and source != target:
            self.slot_dropped.emit(source, target)
