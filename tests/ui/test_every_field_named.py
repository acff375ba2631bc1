"""Every control a keyboard reaches, on every page and in every dialog of the app, says what it
is to a screen reader: by its accessible name, its own text (a button, a check box) or a label
tied to it (a form row, ``setBuddy``).

A drop-down is held to more: on Linux (AT-SPI) Qt names a QComboBox by its current value
("Last 30 days"), whatever its accessible name, and says what it chooses only through the
label it is "labelled by". So a drop-down needs a label tied to it (``ui.spoken.name_field``
ties a hidden one where none is on screen). The platform tabs of the composer are walked with
one profile of each platform ticked, so each platform's options are checked too.
"""

from __future__ import annotations

from typing import Any

from demo_screens import DIALOGS, PAGES, close_dialog, open_demo, open_dialog, settle, show_page
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from ui_support import make_shell

from s200desk.ui.qt import Qt, QtWidgets

# The labels on screen that name a field, read with it ("Caption of every future post, edit").
TIED = {
    "queues": (("upcoming_list", "Upcoming slots"), ("times_edit", "Times")),
    "series": (("caption_edit", "Caption of every future post"),),
    "snippets": (("title_edit", "Title"), ("body_edit", "Text")),
}

INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QtWidgets.QTextEdit,
          QAbstractButton, QAbstractItemView, QtWidgets.QSlider)


def labelled_by(widget: QWidget) -> str:
    """The text of the label a screen reader reads for ``widget`` (its Label relation)."""
    from PySide6.QtGui import QAccessible

    face = QAccessible.queryAccessibleInterface(widget)
    if face is None:
        return ""
    for other, relation in face.relations(QAccessible.RelationFlag.Label):
        if relation & QAccessible.RelationFlag.Label:
            return other.text(QAccessible.Text.Name).strip()
    return ""


def part_of_another(widget: QWidget) -> bool:
    """A line edit inside a drop-down or spin box, a combo's list: read as that control."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        if isinstance(parent, QtWidgets.QFrame) and parent.isWindow():
            return isinstance(parent.parentWidget(), QComboBox)
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget, where: str) -> list[str]:
    """The keyboard-reachable controls under ``root`` a screen reader could not name."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisible():
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or part_of_another(widget):
            continue
        if isinstance(widget, QComboBox):
            ok = bool(labelled_by(widget))
        elif isinstance(widget, QAbstractButton):
            ok = bool(widget.accessibleName().strip() or widget.text().replace("&", "").strip())
        else:
            ok = bool(widget.accessibleName().strip() or labelled_by(widget))
        if not ok:
            shown = widget.currentText() if isinstance(widget, QComboBox) else ""
            problems.append(f"{where}: {type(widget).__name__} {widget.objectName()!r} "
                            f"{shown!r} under {type(widget.parentWidget()).__name__}")
    return problems


def misread_labels(root: QWidget, where: str) -> list[str]:
    """Labels a screen reader reads by a name that leaves out the words on screen ("Note"
    for "Slots saved: …"); a label tied to a field is read with that field instead."""
    from PySide6.QtGui import QAccessible, QTextDocumentFragment

    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or label.buddy() is not None or not label.accessibleName():
            continue
        text = QTextDocumentFragment.fromHtml(label.text()).toPlainText().strip()
        if not text or len(text) < 2:
            continue
        face = QAccessible.queryAccessibleInterface(label)
        said = face.text(QAccessible.Text.Name) if face is not None else ""
        if text.casefold() not in said.casefold():
            problems.append(f"{where}: a label showing {text[:50]!r} is read as {said!r}")
    return problems


def test_every_field_says_what_it_is(qapp: Any, arun: Any, qtbot: Any,
                                     demo_emulator: Any) -> None:
    shell = make_shell(demo_emulator, workspace_id="ws-names")
    qtbot.addWidget(shell.window)
    controller = shell.controller
    problems: list[str] = []
    try:
        arun(open_demo(controller, controller.test_info, demo_emulator), 60)
        for name in PAGES:
            root = arun(show_page(controller, name), 30)
            problems += unnamed(root, name) + misread_labels(root, name)
            if name == "composer":  # each platform's tab, with a profile of it ticked
                composer = controller.composer
                for profile in composer._profiles:
                    composer.targets.set_checked((profile.platform, profile.account_id), True)
                arun(settle(10))
                for index in range(composer.platform_tabs.count()):
                    composer.platform_tabs.setCurrentIndex(index)
                    arun(settle(3))
                    tab = composer.platform_tabs.tabText(index)
                    problems += unnamed(composer, f"composer, {tab} tab")
            if name == "calendar-day":
                for popup in root.findChildren(QtWidgets.QFrame):
                    if popup.isWindow() and popup.isVisible():
                        problems += unnamed(popup, "calendar, a day's list")
        for name in DIALOGS:
            widget = arun(open_dialog(controller, name), 30)
            arun(settle(10))
            problems += unnamed(widget, name) + misread_labels(widget, name)
            problems += [f"{name}: {field} is not read with its label {label!r}"
                         for field, label in TIED.get(name, ())
                         if labelled_by(getattr(widget, field)) != label]
            close_dialog(widget, controller)
            arun(settle())
    finally:
        arun(controller.aclose())
    assert not shell.failures, shell.failures
    assert not problems, "\n".join(dict.fromkeys(problems))
