"""The Posts page has a visible "New post" button: what Ctrl+N and File ▸ New post do, for a
creator who never opens a menu; with no workspace yet it waits, like the filters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.ui_support import empty_frame


def test_the_new_post_button_asks_for_the_composer_as_ctrl_n_does(qtbot: Any) -> None:
    window = empty_frame().window
    qtbot.addWidget(window)
    window.show_workspace("Studio", demo=False, last_sync=None)
    window.show()
    button = window.posts_page.new_post_button
    assert button.isVisible() and button.isEnabled() and button.text() == "New post"
    assert button.toolTip() == "Write a post for one or more profiles (Ctrl+N)"  # Linux keys
    with qtbot.waitSignal(window.new_post_requested, timeout=2000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.new_post_requested, timeout=2000):
        window.new_post_action.trigger()


def test_with_no_workspace_the_button_waits_like_the_filters(qtbot: Any) -> None:
    window = empty_frame().window
    qtbot.addWidget(window)
    window.show_no_workspace()
    window.show()
    page = window.posts_page
    assert not page.new_post_button.isEnabled() and not page.search.isEnabled()
    window.show_workspace("Studio", demo=False, last_sync=None)
    assert page.new_post_button.isEnabled()
