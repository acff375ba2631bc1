"""With no workspace yet the sidebar leads to adding an API key (the Workspaces action), not to
connecting accounts in a dashboard nobody has opened through s200desk yet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.ui_support import empty_frame


def test_no_workspace_sidebar_offers_the_key_not_the_dashboard(qtbot: Any) -> None:
    window = empty_frame().window
    qtbot.addWidget(window)
    window.show_no_workspace()
    window.show()
    sidebar = window.sidebar
    assert sidebar.empty_label.isVisible()
    assert "API key" in sidebar.empty_label.text()
    assert "dashboard" not in sidebar.empty_label.text()
    button = sidebar.add_key_button
    assert button.isVisible() and button.isEnabled() and button.text() == "Add API key…"
    with qtbot.waitSignal(window.workspaces_requested, timeout=2000):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    # A workspace opened, still without profiles: now the dashboard is the way forward.
    window.show_workspace("Studio", demo=False, last_sync=None)
    assert not button.isVisible()
    assert "Connect accounts" in sidebar.empty_label.text()
