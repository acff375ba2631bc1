"""Snippets: saved per workspace, inserted into the caption at the cursor with the picker
(Ctrl+;), counted at once by the per-platform counters; added and deleted from the picker."""

from __future__ import annotations

from composer_support import HANDLE, Workspace

from s200desk.store.planning_repo import SnippetsRepo
from s200desk.ui.qt import QKeySequence, Qt


def test_a_snippet_is_added_inserted_at_the_cursor_counted_and_deleted(
    workspace: Workspace,
) -> None:
    ws = workspace
    window = ws.composer()
    assert window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("New drop.")
    assert window.snippets_button.shortcut() == QKeySequence("Ctrl+;")
    ws.qtbot.mouseClick(window.snippets_button, Qt.MouseButton.LeftButton)
    dialog = window.snippets_dialog
    ws.wait(lambda: dialog.list.count() == 0 and dialog.snippets == [], "the empty list")
    ws.arun(dialog.add())
    assert "Type the snippet's text first" in dialog.error.text()
    dialog.title_edit.setText("Launch tags")
    dialog.body_edit.setPlainText(" #launch #studio")
    ws.arun(dialog.add())
    assert [s.title for s in ws.arun(SnippetsRepo(ws.session.db).all())] == ["Launch tags"]
    assert dialog.list.item(0).text().startswith("Launch tags — #launch #studio")
    cursor = window.caption.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.caption.setTextCursor(cursor)
    ws.qtbot.mouseClick(dialog.insert_button, Qt.MouseButton.LeftButton)
    assert window.caption.toPlainText() == "New drop. #launch #studio"
    assert window._counters["x"].text().startswith("X 25/")

    ws.qtbot.mouseClick(window.snippets_button, Qt.MouseButton.LeftButton)
    again = window.snippets_dialog
    ws.wait(lambda: again.list.count() == 1, "the saved snippet")
    ws.arun(again.delete_current())
    assert again.list.count() == 0
    assert ws.arun(SnippetsRepo(ws.session.db).all()) == []
