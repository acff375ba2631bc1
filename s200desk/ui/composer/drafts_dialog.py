"""DraftsDialog: the saved drafts, newest first; open one, or delete it."""

from __future__ import annotations

import shiboken6

from s200desk.store.drafts_repo import DraftsRepo
from s200desk.ui.outbox.words import local_time
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
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import set_tone

IdRole = Qt.ItemDataRole.UserRole + 1


class DraftsDialog(QDialog):
    open_requested = Signal(str)  # draft id
    listed = Signal(int)

    def __init__(
        self, drafts: DraftsRepo, tasks: TaskKeeper, zone: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.drafts = drafts
        self.tasks = tasks
        self.zone = zone
        self.setObjectName("draftsDialog")
        self.setAccessibleName("Drafts")
        self.setWindowTitle("Drafts")
        self.resize(520, 380)
        column = QVBoxLayout(self)
        self.hint = QLabel("Drafts are saved on this computer as you type.", self)
        set_tone(self.hint, "muted")
        column.addWidget(self.hint)
        self.list = QListWidget(self)
        self.list.setObjectName("draftsList")
        self.list.setAccessibleName("Drafts")
        self.list.itemActivated.connect(lambda _item: self._open())
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("deleteDraft")
        self.delete_button.setAccessibleName("Delete the draft")
        self.delete_button.clicked.connect(self._delete)
        self.open_button = QPushButton("Open", self)
        self.open_button.setObjectName("openDraft")
        self.open_button.setAccessibleName("Open the draft")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(close)
        row.addWidget(self.open_button)
        column.addLayout(row)
        # Open and Delete act on the chosen draft: offered only while there is one.
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def start(self) -> None:
        self.tasks.start(self.reload(), name="drafts-list")

    async def reload(self) -> None:
        drafts = await self.drafts.list()
        if not shiboken6.isValid(self.list):  # closed (with the composer) while reading
            return
        self.list.clear()
        for d in drafts:
            targets = ", ".join(f"{p}" for p, _a in (d.data.get("targets") or []))
            item = QListWidgetItem(
                f"{d.title}\n{local_time(d.updated_at, self.zone)}"
                + (f" · {targets}" if targets else ""),
                self.list,
            )
            item.setData(IdRole, d.id)
        if drafts:
            self.list.setCurrentRow(0)
        self._update_buttons()
        self.hint.setText(
            f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''}, saved on this computer."
            if drafts
            else "No drafts yet: the composer saves one as you type."
        )
        self.listed.emit(len(drafts))

    def _current_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(IdRole)) if item is not None else None

    def _open(self) -> None:
        draft_id = self._current_id()
        if draft_id:
            self.open_requested.emit(draft_id)
            self.accept()

    def _delete(self) -> None:
        draft_id = self._current_id()
        if draft_id:

            async def gone() -> None:
                await self.drafts.delete(draft_id)
                await self.reload()

            self.tasks.start(gone(), name="drafts-delete")
