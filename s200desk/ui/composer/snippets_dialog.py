"""SnippetsDialog (Ctrl+; in the composer): the workspace's saved captions and hashtag groups.
Insert puts one into the caption at the cursor (the per-platform counters count it at once);
a new one is added from a title and its text, or from the caption's selected text."""

from __future__ import annotations

import asyncio
from typing import Any

from s200desk.store.planning_repo import Snippet, SnippetsRepo
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.theme import set_tone

IdRole = Qt.ItemDataRole.UserRole + 1


class SnippetsDialog(QDialog):
    insert_requested = Signal(str)  # the snippet's text
    listed = Signal(int)

    def __init__(self, repo: SnippetsRepo, tasks: Any, selected: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.repo = repo
        self.tasks = tasks
        self.snippets: list[Snippet] = []
        self.setObjectName("snippetsDialog")
        self.setAccessibleName("Snippets")
        self.setWindowTitle("Snippets")
        self.resize(560, 460)
        column = QVBoxLayout(self)
        hint = QLabel("Saved captions and hashtag groups of this workspace.", self)
        set_tone(hint, "muted")
        column.addWidget(hint)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("snippetsFilter")
        self.filter.setAccessibleName("Find a snippet")
        self.filter.setPlaceholderText("Type to find…")
        self.filter.textChanged.connect(self._show)
        self.filter.returnPressed.connect(self.insert_current)
        column.addWidget(self.filter)
        self.list = QListWidget(self)
        self.list.setObjectName("snippetsList")
        self.list.setAccessibleName("Snippets")
        self.list.itemActivated.connect(lambda _item: self.insert_current())
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("deleteSnippet")
        self.delete_button.setAccessibleName("Delete the snippet")
        self.delete_button.clicked.connect(lambda: self._run(self.delete_current()))
        self.insert_button = QPushButton("Insert", self)
        self.insert_button.setObjectName("insertSnippet")
        self.insert_button.setAccessibleName("Insert the snippet")
        self.insert_button.setDefault(True)
        self.insert_button.clicked.connect(self.insert_current)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.insert_button)
        column.addLayout(row)
        new = QLabel("New snippet", self)
        new.setStyleSheet("font-weight: 600;")
        column.addWidget(new)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("snippetTitle")
        self.title_edit.setAccessibleName("Snippet title")
        self.title_edit.setPlaceholderText("Title, like “Launch hashtags”")
        column.addWidget(self.title_edit)
        self.body_edit = QtWidgets.QPlainTextEdit(self)
        self.body_edit.setObjectName("snippetBody")
        self.body_edit.setAccessibleName("Snippet text")
        self.body_edit.setPlaceholderText("#launch #studio #behindthescenes")
        self.body_edit.setPlainText(selected)
        self.body_edit.setFixedHeight(70)
        column.addWidget(self.body_edit)
        self.error = FieldError("snippetError", self)
        column.addWidget(self.error)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        self.add_button = QPushButton("Add snippet", self)
        self.add_button.setObjectName("addSnippet")
        self.add_button.setAccessibleName("Add the snippet")
        self.add_button.clicked.connect(lambda: self._run(self.add()))
        add_row.addWidget(self.add_button)
        column.addLayout(add_row)

    def _run(self, coro: Any) -> asyncio.Task[Any]:
        return self.tasks.start(coro, name="snippets")

    def start(self) -> asyncio.Task[Any]:
        return self._run(self.reload())

    async def reload(self) -> None:
        self.snippets = await self.repo.all()
        self._show()
        self.listed.emit(len(self.snippets))

    def _show(self, *_: object) -> None:
        wanted = self.filter.text().strip().lower()
        current = self.current_id()
        self.list.clear()
        for s in self.snippets:
            if wanted and wanted not in s.title.lower() and wanted not in s.body.lower():
                continue
            preview = " ".join(s.body.split())
            item = QListWidgetItem(f"{s.title} — {preview[:70]}")
            item.setData(IdRole, s.id)
            item.setToolTip(s.body)
            self.list.addItem(item)
            if s.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        has = self.list.count() > 0
        self.insert_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(IdRole)) if item is not None else None

    def insert_current(self) -> None:
        sid = self.current_id()
        snippet = next((s for s in self.snippets if s.id == sid), None)
        if snippet is None:
            return
        self.insert_requested.emit(snippet.body)
        self.accept()

    async def delete_current(self) -> bool:
        sid = self.current_id()
        if sid is None:
            return False
        gone = await self.repo.delete(sid)
        await self.reload()
        return gone

    async def add(self) -> Snippet | None:
        body = self.body_edit.toPlainText()
        if not body.strip():
            self.error.set_messages(["Type the snippet's text first (a caption or hashtags)."])
            return None
        self.error.set_messages([])
        snippet = await self.repo.save(self.title_edit.text(), body)
        self.title_edit.clear()
        self.body_edit.clear()
        self.filter.clear()
        await self.reload()
        for i in range(self.list.count()):
            if self.list.item(i).data(IdRole) == snippet.id:
                self.list.setCurrentRow(i)
        return snippet
