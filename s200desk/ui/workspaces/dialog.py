"""WorkspacesDialog: list, switch, add, rotate a key, remove (opened with open())."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from s200desk.ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import speak_text


class WorkspacesDialog(QDialog):
    switch_requested = Signal(str)
    add_requested = Signal()
    rotate_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, workspaces: Sequence[Any], current: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspacesDialog")
        self.setAccessibleName("Workspaces")
        self.setWindowTitle("Workspaces")
        self.setMinimumSize(440, 320)
        intro = QLabel("Each workspace has its own API key (kept in your system keyring) and "
                       "its own local cache.", self)
        intro.setObjectName("muted")
        intro.setAccessibleName("About workspaces")
        speak_text(intro)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("workspaceList")
        self.list.setAccessibleName("Workspace list")
        for ws in workspaces:
            label = f"{ws.name}  (current)" if ws.id == current else ws.name
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, ws.id)
            if ws.id == current:
                self.list.setCurrentItem(item)

        def button(text: str, name: str) -> QPushButton:
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.setAccessibleName(text)
            return b

        self.switch_button = button("Switch", "switchWorkspace")
        self.add_button = button("Add…", "addWorkspace")
        self.rotate_button = button("Rotate key…", "rotateKey")
        self.remove_button = button("Remove", "removeWorkspace")
        self.close_button = button("Close", "closeWorkspaces")
        self.switch_button.clicked.connect(lambda: self._emit(self.switch_requested))
        self.rotate_button.clicked.connect(lambda: self._emit(self.rotate_requested))
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        self.add_button.clicked.connect(self._add)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.rotate_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _emit(self, signal: Any) -> None:
        ws_id = self._selected()
        if ws_id:
            signal.emit(ws_id)
            self.accept()

    def _add(self) -> None:
        self.add_requested.emit()
        self.accept()
