"""On a screen smaller than the usual sizes (a 1024×700 laptop; the test platform's screen is
800×800) the composer (1220×820) and the main window (1280×800) open to fit it: Send and the
status bar stay on screen."""

from __future__ import annotations

from typing import Any

from composer_support import Workspace

from s200desk.ui.qt import QRect


def test_the_composer_fits_a_small_screen(workspace: Workspace) -> None:
    window = workspace.composer()
    room = window.screen().availableGeometry()
    assert room.width() < 1220 or room.height() < 820  # the case this is about
    assert window.width() <= room.width() and window.height() <= room.height()
    send = window.send_button
    corner = send.mapToGlobal(send.rect().bottomRight())
    assert QRect(room).contains(corner), (corner, room)


def test_on_a_1024_screen_the_form_needs_no_sideways_scrolling(workspace: Workspace) -> None:
    window = workspace.composer()
    window.resize(984, 660)  # what fitting_size gives on 1024×700
    window.fit_panes()
    form_area = window.form.parentWidget().parentWidget()  # the form's scroll area
    workspace.qtbot.waitUntil(lambda: not form_area.horizontalScrollBar().isVisible())
    assert window.preview.width() >= 200  # and the preview still beside it


def test_the_preview_hint_wraps_in_a_narrow_preview(workspace: Workspace) -> None:
    """"Choose profiles to see how the post will look." reads whole, wrapped, in the narrowest
    preview, not cut with a scroll bar under it (as it was at 1024×700)."""
    window = workspace.composer()
    splitter = window._splitter
    total = sum(splitter.sizes())
    splitter.setSizes([total - 200, 200])  # the preview narrower than its hint's one line
    preview_area = window.preview.box.parentWidget().parentWidget()
    empty = window.preview.empty
    workspace.qtbot.waitUntil(lambda: empty.isVisible())
    workspace.qtbot.waitUntil(lambda: window.preview.width() <= 220)
    assert not preview_area.horizontalScrollBar().isVisible(), (
        window.preview.width(), empty.width())
    assert empty.width() <= preview_area.viewport().width()


def test_the_main_window_opens_within_a_small_screen(qtbot: Any) -> None:
    from tests.ui.ui_support import empty_frame

    window = empty_frame().window
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    assert room.width() < 1280  # the test platform's screen: smaller than the usual size
    assert window.width() <= max(room.width(), window.minimumWidth())
    assert window.height() <= room.height()
