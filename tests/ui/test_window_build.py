"""The main window is built top-down: each of its widgets made in the parent it stays in."""

from __future__ import annotations

from collections import Counter
from typing import Any

import shiboken6

from s200desk import paths
from s200desk.settings_peek import peek_settings
from s200desk.ui.first_frame import build_first_frame
from s200desk.ui.qt import QEvent, QObject, QWidget
from s200desk.ui.theme import apply_theme


class _StyleChanges(QObject):
    """How often each widget was (re)styled: once when made, again on every move to another
    parent while the application has a style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.count: Counter[int] = Counter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange and isinstance(watched, QWidget):
            self.count[shiboken6.getCppPointer(watched)[0]] += 1
        return False


def _styled_twice(top: QWidget, changes: _StyleChanges, at_least: int) -> list[str]:
    """The app's own (named) widgets in ``top`` that were styled more than once."""
    ours = [w for w in [top, *top.findChildren(QWidget)]
            if w.objectName() and not w.objectName().startswith("qt_")]  # fmt: skip
    assert len(ours) >= at_least  # the sidebar, the banners, the pages, the list …
    return sorted(f"{type(w).__name__} {w.objectName()}" for w in ours
                  if changes.count[shiboken6.getCppPointer(w)[0]] > 1)  # fmt: skip


def test_no_widget_of_the_main_window_is_styled_twice(qapp: Any, qtbot: Any) -> None:
    # A widget made in one parent and laid out in another is restyled with all it holds under
    # the app's style sheet: that was a third of the first frame's build (docs/performance.md).
    apply_theme(qapp, "light")
    changes = _StyleChanges()
    qapp.installEventFilter(changes)
    try:
        frame = build_first_frame(peek_settings(paths.settings_file()))
    finally:
        qapp.removeEventFilter(changes)
    qtbot.addWidget(frame.window)
    assert _styled_twice(frame.window, changes, at_least=40) == []


def test_the_calendar_page_is_styled_once_when_the_app_builds_it(
    qapp: Any, qtbot: Any, arun: Any, demo_emulator: Any
) -> None:
    from ui_support import make_shell

    apply_theme(qapp, "light")
    shell = make_shell(demo_emulator)
    qtbot.addWidget(shell.window)
    changes = _StyleChanges()
    qapp.installEventFilter(changes)
    try:
        page = shell.controller.pages.calendar  # built on first use, as "Calendar" does
    finally:
        qapp.removeEventFilter(changes)
        arun(shell.controller.aclose())
    twice = _styled_twice(page, changes, at_least=10)
    assert not twice, twice


def test_a_page_not_built_yet_says_when_it_comes(qapp: Any, qtbot: Any) -> None:
    # Analytics is built once the workspace's first sync has ended: until then its place says
    # so (it used to promise the feature "in a later release").
    from s200desk.ui.main_window import ANALYTICS
    from s200desk.ui.qt import QLabel

    window = build_first_frame(peek_settings(paths.settings_file())).window
    qtbot.addWidget(window)
    window.show_page(ANALYTICS)
    shown = window.stack.currentWidget()
    assert isinstance(shown, QLabel)
    assert shown.text() == (
        "Analytics appears once a workspace is open and its first sync has ended."
    )
