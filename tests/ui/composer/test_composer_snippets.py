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


def test_a_snippet_is_renamed_and_changed_in_place_and_a_delete_can_be_undone(
    workspace: Workspace,
) -> None:
    ws = workspace
    repo = SnippetsRepo(ws.session.db)
    tags = ws.arun(repo.save("Launch tags", "#launch #studio"))
    ws.arun(repo.save("Sign-off", "See you Friday!"))
    window = ws.composer()
    assert window.targets.set_checked(("x", HANDLE), True)
    dialog = window.show_snippets()
    ws.wait(lambda: dialog.list.count() == 2, "both snippets")
    dialog.list.setCurrentRow(0)
    assert dialog.current() == tags

    ws.qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.form_heading.text() == "Edit “Launch tags”"
    assert dialog.add_button.text() == "Save changes" and dialog.cancel_edit_button.isVisible()
    assert dialog.body_edit.toPlainText() == "#launch #studio"
    dialog.body_edit.setPlainText("   ")
    assert ws.arun(dialog.add()) is None  # an empty text is refused; nothing changes
    assert "Type the snippet's text first" in dialog.error.text()
    dialog.title_edit.setText("Autumn launch")
    dialog.body_edit.setPlainText("#autumn #launch")
    saved = ws.arun(dialog.add())
    assert saved is not None and saved.id == tags.id
    assert sorted((s.id, s.title, s.body) for s in ws.arun(repo.all())) == sorted([
        (tags.id, "Autumn launch", "#autumn #launch"),
        (dialog.snippets[1].id, "Sign-off", "See you Friday!"),
    ])  # fmt: skip
    assert dialog.add_button.text() == "Add snippet" and not dialog.cancel_edit_button.isVisible()
    assert dialog.list.item(0).text().startswith("Autumn launch — #autumn #launch")

    # Cancel leaves the snippet as it was.
    dialog.list.setCurrentRow(1)
    dialog.edit_current()
    dialog.body_edit.setPlainText("changed my mind")
    ws.qtbot.mouseClick(dialog.cancel_edit_button, Qt.MouseButton.LeftButton)
    assert dialog.body_edit.toPlainText() == "" and dialog.editing is None
    assert "See you Friday!" in [s.body for s in ws.arun(repo.all())]

    # Delete, then Undo: the snippet is back with its id, title and text.
    dialog.list.setCurrentRow(0)
    assert ws.arun(dialog.delete_current())
    assert [s.title for s in ws.arun(repo.all())] == ["Sign-off"]
    assert dialog.undo_button.isVisible() and "Autumn launch" in dialog.undo_note.text()
    back = ws.arun(dialog.undo_delete())
    assert back is not None and (back.id, back.title, back.body) == (
        tags.id, "Autumn launch", "#autumn #launch",
    )  # fmt: skip
    assert not dialog.undo_button.isVisible() and dialog.list.count() == 2
    assert dialog.current_id() == tags.id
    ws.qtbot.mouseClick(dialog.insert_button, Qt.MouseButton.LeftButton)
    assert window.caption.toPlainText() == "#autumn #launch"
