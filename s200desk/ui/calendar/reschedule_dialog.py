"""Reschedule…: a post's new date and time typed in, for whoever does not drag.

One text field, read as the composer reads its typed time (``services.typed_time``:
"2026-05-23 14:45", "23 May 14:45", "tomorrow 9am", "14:45" keeps the day, a date alone keeps
the time), with a line that says what it was read as. The dialog only asks. The page judges
the answer exactly as a drop (``CalendarPage.move_to``): a time in the past or text that cannot
be read is named at the field and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from s200desk.services.typed_time import parse_typed_time
from s200desk.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import speak_text
from s200desk.ui.theme import set_tone

WallCheck = Callable[[datetime], "str | None"]  # what is wrong with a wall time (None: nothing)
FORMAT = "%Y-%m-%d %H:%M"


class RescheduleDialog(QDialog):
    """Asks for a post's new local date and time; emits ``chosen(wall time)`` on Reschedule."""

    chosen = Signal(object)  # naive datetime: the wall time in the calendar's zone

    def __init__(self, what: str, current: datetime, today: date, zone_name: str,
                 check: WallCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rescheduleDialog")
        self.setWindowTitle("Reschedule post")
        self.setAccessibleName("Reschedule post")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumWidth(420)
        self._current = current.replace(tzinfo=None, second=0, microsecond=0)
        self._today = today
        self._zone = zone_name
        self._check = check

        heading = QLabel(what, self)
        heading.setObjectName("rescheduleWhat")
        heading.setWordWrap(True)
        heading.setAccessibleName("Post")
        label = QLabel(f"&New date and time ({zone_name})", self)
        self.field = QLineEdit(self._current.strftime(FORMAT), self)
        self.field.setObjectName("rescheduleWhen")
        self.field.setAccessibleName("New date and time")
        self.field.setAccessibleDescription(
            f"Your wall time in {zone_name}, for example 2026-12-24 09:30, 24 Dec 9:30, "
            "tomorrow 9am, or 21:15 for the same day")
        self.field.setToolTip(self.field.accessibleDescription())
        label.setBuddy(self.field)
        self.reading = QLabel(self)
        self.reading.setObjectName("rescheduleReading")
        self.reading.setAccessibleName("Read as")
        speak_text(heading, self.reading)  # "Read as: Saturday 06 June 2026, 23:45"
        set_tone(self.reading, "muted")
        self.problem = QLabel(self)
        self.problem.setObjectName("rescheduleProblem")
        self.problem.setAccessibleName("Problem")
        self.problem.setWordWrap(True)
        set_tone(self.problem, "danger")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Reschedule")
        self.ok_button.setAccessibleName("Reschedule")
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        self.field.textChanged.connect(self._on_text_changed)

        column = QVBoxLayout(self)
        column.addWidget(heading)
        column.addWidget(label)
        column.addWidget(self.field)
        column.addWidget(self.reading)
        column.addWidget(self.problem)
        column.addWidget(buttons)
        self._on_text_changed()
        self.field.selectAll()  # typing replaces the old time at once
        self.field.setFocus()

    def wall_time(self) -> datetime | None:
        """The wall time the field holds (None: it cannot be read)."""
        return parse_typed_time(self.field.text(), self._current, self._today)

    def _on_text_changed(self) -> None:
        self.problem.hide()
        wall = self.wall_time()
        self.reading.setText(f"{wall.strftime('%A %d %B %Y, %H:%M')}" if wall else "")

    def _on_accepted(self) -> None:
        wall = self.wall_time()
        problem = self._check(wall) if wall is not None else (
            f"“{self.field.text().strip()}” is not a date and time s200desk can read. "
            "Try 2026-12-24 09:30, 24 Dec 9:30, tomorrow 9am or 21:15.")
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.field.setFocus()
            return
        self.chosen.emit(wall)
        self.accept()
