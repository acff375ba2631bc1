"""What a screen reader says for a label that changes, and for news it should not miss.

A ``QLabel`` given an accessible name is read by that name alone: the status bar's "Connection
status" never said "Online", the list's "Number of posts shown" never said how many. The label
keeps saying what it is and now adds what it shows ("Connection status: ● Online").
"""

from __future__ import annotations

from s200desk.ui.qt import QEvent, QLabel, QObject, Qt, QWidget
from s200desk.ui.qt import QtGui as _QtGui

_NAME = "_s200desk_spoken_as"  # the label's own name ("Last sync"), kept as a property


class _Speaker(QObject):
    """Renames each label it watches as its text changes (seen when the label repaints)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.Show) and isinstance(watched, QLabel):
            spoken_name(watched)
        return False


_speaker: _Speaker | None = None


def spoken_name(label: QLabel) -> str:
    """``"<what it is>: <its text>"``, set as the label's accessible name and returned."""
    what = label.property(_NAME) or ""
    text = label.text().strip()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and _QtGui.Qt.mightBeRichText(text))
    if rich:  # the words, not the markup
        text = _QtGui.QTextDocumentFragment.fromHtml(text).toPlainText().strip()
    if not what or not text or text.casefold().startswith(what.casefold()):
        name = text or what  # "Last sync: just now" says what it is already
    else:
        name = f"{what}: {text}"
    if label.accessibleName() != name:
        label.setAccessibleName(name)
    return name


def speak_text(*labels: QLabel) -> None:
    """Make each label's accessible name say its text too, now and whenever it changes."""
    global _speaker
    if _speaker is None:
        _speaker = _Speaker()
    for label in labels:
        if label.property(_NAME) is None:
            label.setProperty(_NAME, label.accessibleName())
            label.installEventFilter(_speaker)
        spoken_name(label)


def speak_labels(root: QWidget) -> None:
    """``speak_text`` for every named label ``root`` holds now (a dialog's, once built)."""
    speak_text(*(label for label in root.findChildren(QLabel) if label.accessibleName()))


class _FollowParent(QObject):
    """Keeps a field's hidden label beside it (a sibling) when a layout reparents the field."""

    def __init__(self, label: QLabel, parent: QObject) -> None:
        super().__init__(parent)
        self._label = label

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange and isinstance(watched, QWidget):
            self._label.setParent(watched.parentWidget())
            self._label.hide()
        return False


def tie_name(field: QWidget, name: str | None = None) -> QLabel:
    """Make ``field`` (a drop-down without a label on screen) say what it chooses.

    Qt on Linux (AT-SPI) names a QComboBox by its current value ("All platforms"), whatever
    its accessible name, and says what it is only through the label it is "labelled by". So
    ``field`` gets a hidden label with its accessible name (or ``name``) as its buddy, and the
    accessible name stays for Windows and macOS."""
    name = name or field.accessibleName()
    field.setAccessibleName(name)
    label = QLabel(name, field.parentWidget())
    label.setObjectName(f"{field.objectName() or 'field'}Label")
    label.setAccessibleName(name)
    label.setBuddy(field)
    label.hide()
    field.installEventFilter(_FollowParent(label, field))
    return label


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now (a banner that appeared, a move that settled)."""
    event = _QtGui.QAccessibleAnnouncementEvent(widget, text)
    _QtGui.QAccessible.updateAccessibility(event)
