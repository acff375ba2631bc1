"""WhenPanel: now, or a date and time in the user's zone; its problems and DST notes at the field,
and the daily-cap warning with a button to the next free day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from s200desk.services.typed_time import parse_typed_time
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.qt import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import speak_text
from s200desk.ui.theme import set_tone


class WhenPanel(QWidget):
    changed = Signal()
    next_free_requested = Signal()
    suggest_requested = Signal()

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
        # Typing into the editors' sections is fiddly (select all and type does nothing), so a
        # plain field takes a typed date and time and fills them in.
        self.typed = QLineEdit(self)
        self.typed.setObjectName("whenTyped")
        self.typed.setAccessibleName("Type a date and time")
        self.typed.setPlaceholderText("or type: 2026-12-24 09:30, tomorrow 9am")
        self.typed.setMinimumWidth(230)
        self.typed.setToolTip(
            "Type a date and/or a time and press Enter: 2026-12-24 09:30, 24 Dec 9:30, "
            "tomorrow 9am, 21:15. It is your wall time in the zone shown."
        )
        self.typed.returnPressed.connect(self.apply_typed)
        self.typed.editingFinished.connect(self.apply_typed)
        self.zone = time_zone
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)  # the composer's clock
        self.zone_label = QLabel(time_zone, self)
        self.zone_label.setObjectName("whenZone")
        self.zone_label.setAccessibleName("Time zone")
        speak_text(self.zone_label)  # "Time zone: Europe/Berlin"
        set_tone(self.zone_label, "muted")
        row.addWidget(self.now_radio)
        row.addWidget(self.later_radio)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.typed)
        row.addWidget(self.zone_label)
        self.suggest_button = QPushButton("Suggest best times", self)
        self.suggest_button.setObjectName("whenSuggest")
        self.suggest_button.setAccessibleName("Suggest the best times")
        self.suggest_button.setToolTip(
            "The best upcoming times per platform, from how your own published posts did"
        )
        self.suggest_button.clicked.connect(self.suggest_requested)
        row.addStretch(1)
        column.addLayout(row)
        suggest_row = QHBoxLayout()
        suggest_row.addWidget(self.suggest_button)
        suggest_row.addStretch(1)
        column.addLayout(suggest_row)
        self.suggestions = QWidget(self)
        self.suggestions.setObjectName("whenSuggestions")
        self.suggestions.setAccessibleName("Suggested times")
        self._suggestion_rows = QVBoxLayout(self.suggestions)
        self._suggestion_rows.setContentsMargins(0, 2, 0, 2)
        self._suggestion_rows.setSpacing(2)
        self.suggestion_buttons: list[QPushButton] = []
        self.suggestions.hide()
        column.addWidget(self.suggestions)
        self.error = FieldError("error_when", self)
        column.addWidget(self.error)
        self.typed_error = FieldError("error_when_typed", self)
        column.addWidget(self.typed_error)
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
        self.now_radio.toggled.connect(self._on_edit)
        self.date_edit.dateChanged.connect(self._on_time_edit)
        self.time_edit.timeChanged.connect(self._on_time_edit)

    def _on_edit(self, *_args: object) -> None:
        self.changed.emit()

    def _on_time_edit(self, *_args: object) -> None:
        # The editors stay usable while "Now" is chosen: editing them means "at this time".
        if not self.later_radio.isChecked():
            self.later_radio.setChecked(True)  # emits changed through now_radio.toggled
            return
        self.changed.emit()

    def apply_typed(self) -> bool:
        """Read the typed field into the date and time ("At"); a clear message when it can't."""
        text = self.typed.text().strip()
        if not text:
            self.typed_error.set_messages([])
            return False
        d, t = self.date_edit.date(), self.time_edit.time()
        current = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        today = self.now().astimezone(ZoneInfo(self.zone)).date()
        value = parse_typed_time(text, current, today)
        if value is None:
            self.typed_error.set_messages([
                f"“{text}” is not a date and time s200desk can read. "
                "Try 2026-12-24 09:30, 24 Dec 9:30, tomorrow 9am or 21:15."
            ])  # fmt: skip
            return False
        self.typed_error.set_messages([])
        self.typed.clear()
        self.set_wall_time(value.strftime("%Y-%m-%d %H:%M"))
        self.changed.emit()
        return True

    def set_zone(self, zone: str) -> None:
        self.zone = zone
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

    def show_suggestions(self, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
        """Per platform (its name), buttons of (label, wall time "YYYY-MM-DD HH:MM"): picking
        one sets the time. A platform without any gets a line saying why."""
        for child in self.suggestions.findChildren(QWidget):
            child.deleteLater()
        while self._suggestion_rows.count():
            self._suggestion_rows.takeAt(0)
        self.suggestion_buttons = []
        for name, times in groups:
            line = QHBoxLayout()
            label = QLabel(f"{name}:", self.suggestions)
            set_tone(label, "muted")
            line.addWidget(label)
            if not times:
                none = QLabel("no numbers yet: suggestions come once posts have views",
                              self.suggestions)  # fmt: skip
                set_tone(none, "muted")
                line.addWidget(none)
            for words, wall in times:
                button = QPushButton(words, self.suggestions)
                button.setObjectName("whenSuggestion")
                button.setAccessibleName(f"{name}: {words}")
                button.setFlat(True)
                button.setProperty("wall", wall)
                button.clicked.connect(lambda _=False, w=wall: self._pick(w))
                self.suggestion_buttons.append(button)
                line.addWidget(button)
            line.addStretch(1)
            self._suggestion_rows.addLayout(line)
        self.suggestions.setVisible(bool(groups))

    def _pick(self, wall: str) -> None:
        self.set_wall_time(wall)
        self.suggestions.hide()
        self.changed.emit()

    def show_note(self, note: str | None) -> None:
        self.note.setText(note or "")
        self.note.setVisible(bool(note))

    def show_cap(self, warning: str | None, offer: str | None) -> None:
        self.cap_warning.setText(warning or "")
        self.cap_warning.setVisible(bool(warning))
        self.next_free_button.setText(offer or "")
        self.next_free_button.setVisible(bool(offer))
