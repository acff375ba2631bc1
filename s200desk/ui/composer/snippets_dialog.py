"""SnippetsDialog (Ctrl+; in the composer): the workspace's saved captions and hashtag groups.
Insert puts one into the caption at the cursor (the per-platform counters count it at once);
a new one is added from a title and its text, or from the caption's selected text. Edit loads
the chosen one into the same fields to rename it or change its text in place; Delete can be
undone until the dialog closes."""

from __future__ import annotations

import asyncio
from typing import Any

from s200desk.store.planning_repo import Snippet, SnippetsRepo
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.qt import (
    QDialog,
    QFormLayout,
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
        self.editing: Snippet | None = None  # the snippet the fields below change
        self.deleted: Snippet | None = None  # the last one deleted, for Undo
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
        self.edit_button = QPushButton("Edit", self)
        self.edit_button.setObjectName("editSnippet")
        self.edit_button.setAccessibleName("Edit the snippet")
        self.edit_button.setToolTip("Rename it or change its text below")
        self.edit_button.clicked.connect(self.edit_current)
        self.insert_button = QPushButton("Insert", self)
        self.insert_button.setObjectName("insertSnippet")
        self.insert_button.setAccessibleName("Insert the snippet")
        self.insert_button.setDefault(True)
        self.insert_button.clicked.connect(self.insert_current)
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.insert_button)
        column.addLayout(row)
        undo_row = QHBoxLayout()
        self.undo_note = QLabel("", self)
        self.undo_note.setObjectName("snippetUndoNote")
        set_tone(self.undo_note, "muted")
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.setObjectName("undoDeleteSnippet")
        self.undo_button.setAccessibleName("Undo the delete")
        self.undo_button.clicked.connect(lambda: self._run(self.undo_delete()))
        undo_row.addWidget(self.undo_note, 1)
        undo_row.addWidget(self.undo_button)
        column.addLayout(undo_row)
        self._show_undo(None)
        self.form_heading = QLabel("New snippet", self)
        self.form_heading.setObjectName("snippetFormHeading")
        self.form_heading.setStyleSheet("font-weight: 600;")
        column.addWidget(self.form_heading)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("snippetTitle")
        self.title_edit.setAccessibleName("Snippet title")
        self.title_edit.setPlaceholderText("Title, like “Launch hashtags”")
        # Labels beside the fields, tied to them: a placeholder is gone once one types.
        fields = QFormLayout()
        fields.addRow("&Title", self.title_edit)
        self.body_edit = QtWidgets.QPlainTextEdit(self)
        self.body_edit.setObjectName("snippetBody")
        self.body_edit.setAccessibleName("Snippet text")
        self.body_edit.setTabChangesFocus(True)  # Tab leaves the field, as in the caption
        self.body_edit.setPlaceholderText("#launch #studio #behindthescenes")
        self.body_edit.setPlainText(selected)
        self.body_edit.setFixedHeight(70)
        fields.addRow("Te&xt", self.body_edit)
        column.addLayout(fields)
        self.error = FieldError("snippetError", self)
        column.addWidget(self.error)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        self.cancel_edit_button = QPushButton("Cancel", self)
        self.cancel_edit_button.setObjectName("cancelSnippetEdit")
        self.cancel_edit_button.setAccessibleName("Stop editing the snippet")
        self.cancel_edit_button.clicked.connect(lambda: self._set_editing(None))
        self.add_button = QPushButton("Add snippet", self)
        self.add_button.setObjectName("addSnippet")
        self.add_button.setAccessibleName("Add the snippet")
        self.add_button.clicked.connect(lambda: self._run(self.add()))
        add_row.addWidget(self.cancel_edit_button)
        add_row.addWidget(self.add_button)
        column.addLayout(add_row)
        self._set_editing(None, clear=False)

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
        for button in (self.insert_button, self.delete_button, self.edit_button):
            button.setEnabled(has)

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

    def current(self) -> Snippet | None:
        sid = self.current_id()
        return next((s for s in self.snippets if s.id == sid), None)

    def edit_current(self) -> Snippet | None:
        """Load the chosen snippet into the fields below: saving changes it in place."""
        snippet = self.current()
        if snippet is not None:
            self._set_editing(snippet)
        return snippet

    def _set_editing(self, snippet: Snippet | None, *, clear: bool = True) -> None:
        self.editing = snippet
        self.error.set_messages([])
        if snippet is not None:
            self.title_edit.setText(snippet.title)
            self.body_edit.setPlainText(snippet.body)
            self.body_edit.setFocus()
        elif clear:
            self.title_edit.clear()
            self.body_edit.clear()
        self.form_heading.setText(f"Edit “{snippet.title}”" if snippet else "New snippet")
        self.add_button.setText("Save changes" if snippet else "Add snippet")
        self.add_button.setAccessibleName("Save the snippet" if snippet else "Add the snippet")
        self.cancel_edit_button.setVisible(snippet is not None)

    async def delete_current(self) -> bool:
        snippet = self.current()
        if snippet is None:
            return False
        gone = await self.repo.delete(snippet.id)
        if gone:
            self.deleted = snippet
            self._show_undo(snippet)
        if self.editing is not None and self.editing.id == snippet.id:
            self._set_editing(None)
        await self.reload()
        return gone

    async def undo_delete(self) -> Snippet | None:
        """Put the last deleted snippet back, as it was (same id, title and text)."""
        snippet, self.deleted = self.deleted, None
        self._show_undo(None)
        if snippet is None:
            return None
        back = await self.repo.save(snippet.title, snippet.body, snippet_id=snippet.id)
        await self.reload()
        self._select(back.id)
        return back

    def _show_undo(self, snippet: Snippet | None) -> None:
        self.undo_note.setText(f"Deleted “{snippet.title}”." if snippet else "")
        self.undo_note.setVisible(snippet is not None)
        self.undo_button.setVisible(snippet is not None)

    async def add(self) -> Snippet | None:
        """Add a new snippet, or save the one being edited (same id, new title and text)."""
        body = self.body_edit.toPlainText()
        if not body.strip():
            self.error.set_messages(["Type the snippet's text first (a caption or hashtags)."])
            return None
        self.error.set_messages([])
        editing = self.editing
        snippet = await self.repo.save(
            self.title_edit.text(), body, snippet_id=editing.id if editing else None
        )
        self._set_editing(None)
        self.filter.clear()
        await self.reload()
        self._select(snippet.id)
        return snippet

    def _select(self, snippet_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(IdRole) == snippet_id:
                self.list.setCurrentRow(i)
