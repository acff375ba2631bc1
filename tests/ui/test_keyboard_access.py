"""The main window from the keyboard alone, on the demo emulator: Tab leaves a list, the
post found with Ctrl+F opens with the arrow keys, and Delete asks to cancel it."""

from __future__ import annotations

from typing import Any

from ui_support import until

from s200desk.ui.qt import QApplication, Qt


def focus_window(shell: Any, qtbot: Any) -> Any:
    window = shell.window
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    return window


def test_the_window_opens_with_the_keys_in_the_posts_list(shell: Any, qtbot: Any) -> None:
    # Not the first control in Tab order (the workspace button, which then wore its focus
    # ring in every screenshot): the arrows, Enter and Delete work at once.
    window = focus_window(shell, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is window.posts_page.table


def test_tab_leaves_the_posts_list_for_the_detail_pane(shell: Any, qtbot: Any) -> None:
    from PySide6.QtTest import QTest

    window = focus_window(shell, qtbot)
    table = window.posts_page.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(table, Qt.Key.Key_Down)  # the first post, in the detail pane
    qtbot.waitUntil(lambda: window.detail_post_id is not None)
    current = table.currentIndex()

    QTest.keyClick(table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not table, "Tab went from cell to cell inside the list"
    assert window.posts_page.detail.isAncestorOf(focused)
    assert table.currentIndex() == current


def test_find_a_post_open_it_and_cancel_it_without_the_mouse(
    shell: Any, qtbot: Any, arun: Any, demo_emulator: Any
) -> None:
    from PySide6.QtTest import QTest
    from ui_support import admin_posts

    from s200desk.ui.main_window import CALENDAR, POSTS
    from s200desk.ui.qt import QKeySequence, QMessageBox

    window = focus_window(shell, qtbot)
    page = window.posts_page
    page.status_filter.setCurrentIndex(page.status_filter.findData("scheduled"))
    target = next(p for p in admin_posts(demo_emulator) if p["status"] == "scheduled")
    window.show_page(CALENDAR)
    window.sidebar.setFocus()

    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))
    assert window.stack.currentIndex() == POSTS
    assert QApplication.focusWidget() is page.search
    QTest.keyClicks(page.search, target["caption"])
    arun(until(lambda: page.model.rowCount() and all(
        target["caption"] in page.model.row_at(i).caption for i in range(page.model.rowCount())
    ), what="the search to narrow the list"))
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.table
    chosen = page.model.row_at(page.table.currentIndex().row())
    qtbot.waitUntil(lambda: window.detail_post_id == chosen.id)

    # Escape keeps the post; Delete, then "Cancel post" chosen with the keys, cancels it.
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    box = window.findChild(QMessageBox, "cancelConfirmBox")
    assert box is not None and box.isVisible()
    QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    box = next(b for b in window.findChildren(QMessageBox, "cancelConfirmBox") if b.isVisible())
    box.activateWindow()  # what the window manager does for a new dialog
    qtbot.waitUntil(lambda: box.isActiveWindow())
    yes = box.button(QMessageBox.StandardButton.Yes)
    for _ in range(4):
        if QApplication.focusWidget() is yes:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is yes
    QTest.keyClick(yes, Qt.Key.Key_Space)

    def cancelled_on_server() -> bool:
        return any(p["id"] == chosen.id and p["status"] == "cancelled"
                   for p in admin_posts(demo_emulator))

    arun(until(cancelled_on_server, what="the emulator to hold the post cancelled"))


def test_the_shortcuts_are_listed_where_users_look(shell: Any, qtbot: Any) -> None:
    from PySide6.QtTest import QTest

    from s200desk.ui.qt import QKeySequence
    from s200desk.ui.shortcuts_dialog import ShortcutsDialog

    window = focus_window(shell, qtbot)
    QTest.keySequence(window, QKeySequence("Ctrl+/"))
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    listed = dialog.listed()
    native = QKeySequence.SequenceFormat.NativeText
    # The window's actions, as the menus show them, and the pages' own keys.
    assert listed["Find posts"] == QKeySequence("Ctrl+F").toString(native)
    assert listed["New post"] == QKeySequence("Ctrl+N").toString(native)
    assert listed["Calendar"] == QKeySequence("Ctrl+1").toString(native)
    assert listed["Outbox"] == QKeySequence("Ctrl+Shift+O").toString(native)
    assert listed["Reschedule the selected post to a date and time"] == \
        QKeySequence("Ctrl+Shift+R").toString(native)
    assert listed["Cancel the selected post (asks first)"] == QKeySequence("Del").toString(native)
    assert window.menu.shortcuts_action.shortcut().toString() == "Ctrl+/"
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    QTest.keyClick(dialog.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.findChildren(ShortcutsDialog)
                    or not window.findChild(ShortcutsDialog).isVisible())
