"""The welcome and workspaces dialogs from the keyboard and for a screen reader: Enter checks
the key and its verdict is read out with its words, Enter in the workspace list switches to the
chosen one, Escape closes either without doing anything."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def spoken(widget: Any) -> str:
    from PySide6.QtGui import QAccessible

    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_the_welcome_dialog_reads_out_a_refused_key(qtbot: Any, arun: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from ui_support import until

    from s200desk.services.workspaces import WorkspaceError
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.welcome.dialog import WelcomeDialog

    tried: list[str] = []

    async def refuse(_name: str, key: str) -> str:
        tried.append(key)
        raise WorkspaceError("Status 200 refused this key: check it in API Management.")

    tasks = TaskKeeper()
    dialog = WelcomeDialog(refuse, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    heading = next(w for w in dialog.findChildren(object) if getattr(w, "objectName", None)
                   and w.objectName() == "pageTitle")
    assert spoken(heading) == "Heading: Welcome to s200desk"  # not "Heading" alone

    QTest.keyClicks(dialog.key_edit, "rl_wrong")
    QTest.keyClick(dialog.key_edit, Qt.Key.Key_Return)
    arun(until(lambda: not dialog.checking, what="the key check"))
    assert tried == ["rl_wrong"]
    qtbot.waitUntil(lambda: spoken(dialog.message).startswith("Key check result: "))
    assert dialog.message.text() in spoken(dialog.message)
    assert dialog.isVisible()  # open for another try
    QTest.keyClick(dialog.key_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == 0
    arun(tasks.aclose())


def test_enter_in_the_workspace_list_switches_and_escape_closes(qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from s200desk.ui.workspaces.dialog import WorkspacesDialog

    spaces = [SimpleNamespace(id="ws-a", name="Lumen"), SimpleNamespace(id="ws-b", name="Harbor")]
    dialog = WorkspacesDialog(spaces, "ws-a")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    dialog.list.setFocus()
    QTest.keyClick(dialog.list, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.switch_requested) as switched:
        QTest.keyClick(dialog.list, Qt.Key.Key_Return)
    assert switched.args == ["ws-b"]

    again = WorkspacesDialog(spaces, "ws-a")
    qtbot.addWidget(again)
    again.show()
    with qtbot.assertNotEmitted(again.switch_requested):
        QTest.keyClick(again.list, Qt.Key.Key_Escape)
    assert not again.isVisible()
