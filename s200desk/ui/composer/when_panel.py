"""WhenPanel: now, or a date and time in the user's zone; its problems and DST notes at the field,
and the daily-cap warning with a button to the next free day."""

from __future__ import annotations

from datetime import datetime

from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.qt import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.theme import set_tone


class WhenPanel(QWidget):
    changed = Signal()
    next_free_requested = Signal()

    def __init__(self, time_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerWhen")
        self.setAccessibleName("When")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        row = QHBoxLayout()
        self.now_radio = QtWidgets.QRadioButton("Now", self)
        self.now_radio.setObjectName("whenNow")
        self.now_radio.setAccessibleName("Post now")
        self.later_radio = QtWidgets.QRadioButton("At", self)
        self.later_radio.setObjectName("whenLater")
        self.later_radio.setAccessibleName("Post at a date and time")
        self.now_radio.setChecked(True)
        # Separate date and time editors: a plain wall clock with no zone of Qt's own, so a
        # DST-gap time can be typed and is resolved by services.scheduling, never by Qt.
        self.date_edit = QtWidgets.QDateEdit(self)
        self.date_edit.setObjectName("whenDate")
        self.date_edit.setAccessibleName("Date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.time_edit = QtWidgets.QTimeEdit(self)
        self.time_edit.setObjectName("whenTime")
        self.time_edit.setAccessibleName("Time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.zone_label = QLabel(time_zone, self)
        self.zone_label.setObjectName("whenZone")
        self.zone_label.setAccessibleName("Time zone")
        set_tone(self.zone_label, "muted")
        row.addWidget(self.now_radio)
        row.addWidget(self.later_radio)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.zone_label)
        row.addStretch(1)
        column.addLayout(row)
        self.error = FieldError("error_when", self)
        column.addWidget(self.error)
        self.note = QLabel(self)
        self.note.setObjectName("whenNote")
        self.note.setAccessibleName("Time note")
        self.note.setWordWrap(True)
        set_tone(self.note, "warning")
        self.note.hide()
        column.addWidget(self.note)
        cap_row = QHBoxLayout()
        self.cap_warning = QLabel(self)
        self.cap_warning.setObjectName("capWarning")
        self.cap_warning.setAccessibleName("Daily limit")
        self.cap_warning.setWordWrap(True)
        set_tone(self.cap_warning, "warning")
        self.next_free_button = QPushButton(self)
        self.next_free_button.setObjectName("nextFreeDay")
        self.next_free_button.setAccessibleName("Use the next free day")
        self.next_free_button.clicked.connect(self.next_free_requested)
        cap_row.addWidget(self.cap_warning, 1)
        cap_row.addWidget(self.next_free_button)
        column.addLayout(cap_row)
        self.show_cap(None, None)
        for signal in (
            self.now_radio.toggled,
            self.date_edit.dateChanged,
            self.time_edit.timeChanged,
        ):
            signal.connect(self._on_edit)
        self._sync_enabled()

    def _on_edit(self, *_args: object) -> None:
        self._sync_enabled()
        self.changed.emit()

    def _sync_enabled(self) -> None:
        later = self.later_radio.isChecked()
        self.date_edit.setEnabled(later)
        self.time_edit.setEnabled(later)

    def set_zone(self, zone: str) -> None:
        self.zone_label.setText(zone)

    def wall_time(self) -> str | None:
        """The typed wall time "YYYY-MM-DD HH:MM" (in the user's zone), or None for now."""
        if self.now_radio.isChecked():
            return None
        d = self.date_edit.date()
        t = self.time_edit.time()
        return f"{d.year():04d}-{d.month():02d}-{d.day():02d} {t.hour():02d}:{t.minute():02d}"

    def set_wall_time(self, text: str | None, default: datetime | None = None) -> None:
        """Show ``text`` ("YYYY-MM-DD HH:MM") or "now" (then prefill ``default`` for later)."""
        widgets = (self.now_radio, self.later_radio, self.date_edit, self.time_edit)
        for w in widgets:
            w.blockSignals(True)
        try:
            value = datetime.strptime(text, "%Y-%m-%d %H:%M") if text else default
            if value is not None:
                self.date_edit.setDate(QtCore.QDate(value.year, value.month, value.day))
                self.time_edit.setTime(QtCore.QTime(value.hour, value.minute))
            (self.later_radio if text else self.now_radio).setChecked(True)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._sync_enabled()

    def show_note(self, note: str | None) -> None:
        self.note.setText(note or "")
        self.note.setVisible(bool(note))

    def show_cap(self, warning: str | None, offer: str | None) -> None:
        self.cap_warning.setText(warning or "")
        self.cap_warning.setVisible(bool(warning))
        self.next_free_button.setText(offer or "")
        self.next_free_button.setVisible(bool(offer))
