"""RepeatPanel: whether the post repeats (daily, on weekdays, weekly on chosen days, every N
weeks, monthly on a day or an nth weekday, or a custom RRULE) and when the repeating ends. It
reads as ``RepeatChoices`` (kept in drafts) and as RRULE text, or says what is wrong. The
Repeating posts dialog uses it too, without "Does not repeat" (``allow_none=False``)."""

from __future__ import annotations

from datetime import date

from s200desk.services.planning.repeat_choices import (
    AFTER,
    CUSTOM,
    DAILY,
    MONTH_DAY,
    MONTH_NTH,
    NEVER,
    NONE,
    ON_DATE,
    WEEKDAYS,
    WEEKLY,
    RepeatChoices,
    nth_weekday,
)
from s200desk.services.planning.slots import DAY_NAMES
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QtCore,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import tie_name

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
__all__ = ["AFTER", "CUSTOM", "NEVER", "NONE", "ON_DATE", "RepeatPanel", "nth_weekday"]


class RepeatPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, allow_none: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("composerRepeat")
        self.setAccessibleName("Repeat")
        self._first = date.today()  # replaced by set_first_day before it matters
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        row = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.setObjectName("repeatKind")
        tie_name(self.kind, "Repeat")
        for label, key in (
            ("Does not repeat", NONE), ("Daily", DAILY), ("Every weekday (Mon–Fri)", WEEKDAYS),
            ("Weekly on…", WEEKLY), ("Monthly on day", MONTH_DAY),
            ("Monthly on the weekday", MONTH_NTH), ("Custom rule (RRULE)", CUSTOM),
        ):  # fmt: skip
            if key != NONE or allow_none:
                self.kind.addItem(label, key)
        self.every = QtWidgets.QSpinBox(self)
        self.every.setObjectName("repeatEvery")
        self.every.setAccessibleName("Every how many")
        self.every.setRange(1, 52)
        self.every.setPrefix("every ")
        self.every_unit = QLabel("", self)
        self.rrule = QLineEdit(self)
        self.rrule.setObjectName("repeatRule")
        self.rrule.setAccessibleName("Repeat rule")
        self.rrule.setPlaceholderText("FREQ=WEEKLY;BYDAY=TU,TH")
        row.addWidget(self.kind)
        row.addWidget(self.every)
        row.addWidget(self.every_unit)
        row.addWidget(self.rrule, 1)
        row.addStretch(1)
        column.addLayout(row)
        days = QHBoxLayout()
        days.setContentsMargins(0, 0, 0, 0)
        self.day_boxes: list[QCheckBox] = []
        for name in DAY_NAMES:
            box = QCheckBox(name.capitalize(), self)
            box.setObjectName(f"repeatDay_{name}")
            box.setAccessibleName(f"Repeat on {name.capitalize()}")
            self.day_boxes.append(box)
            days.addWidget(box)
        days.addStretch(1)
        self.days_row = QWidget(self)
        self.days_row.setLayout(days)
        column.addWidget(self.days_row)
        end = QHBoxLayout()
        end.setContentsMargins(0, 0, 0, 0)
        self.end = QComboBox(self)
        self.end.setObjectName("repeatEnd")
        tie_name(self.end, "Ends")
        for label, key in (("Never ends", NEVER), ("Ends on", ON_DATE), ("Ends after", AFTER)):
            self.end.addItem(label, key)
        self.until = QtWidgets.QDateEdit(self)
        self.until.setObjectName("repeatUntil")
        self.until.setAccessibleName("Last date")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        self.count = QtWidgets.QSpinBox(self)
        self.count.setObjectName("repeatCount")
        self.count.setAccessibleName("Number of posts")
        self.count.setRange(1, 500)
        self.count.setValue(10)
        self.count.setSuffix(" posts")
        end.addWidget(self.end)
        end.addWidget(self.until)
        end.addWidget(self.count)
        end.addStretch(1)
        self.end_row = QWidget(self)
        self.end_row.setLayout(end)
        column.addWidget(self.end_row)
        self.error = FieldError("error_repeat", self)
        column.addWidget(self.error)
        for signal in (self.kind.currentIndexChanged, self.end.currentIndexChanged,
                       self.every.valueChanged, self.rrule.textChanged,
                       self.until.dateChanged, self.count.valueChanged):  # fmt: skip
            signal.connect(self._on_edit)
        for box in self.day_boxes:
            box.toggled.connect(self._on_edit)
        self._show_parts()

    # -- reading ---------------------------------------------------------------------------

    def set_first_day(self, day: date) -> None:
        """The first occurrence's date: names the monthly choices and the default weekday."""
        self._first = day
        self.kind.setItemText(self.kind.findData(MONTH_DAY), f"Monthly on day {day.day}")
        n, weekday = nth_weekday(day)
        self.kind.setItemText(self.kind.findData(MONTH_NTH),
                              f"Monthly on the {ORDINALS[n]} {DAY_NAMES[weekday].capitalize()}")
        if not any(b.isChecked() for b in self.day_boxes):
            self.day_boxes[day.weekday()].blockSignals(True)
            self.day_boxes[day.weekday()].setChecked(True)
            self.day_boxes[day.weekday()].blockSignals(False)
        if self.until.date() <= QtCore.QDate(day.year, day.month, day.day):
            later = QtCore.QDate(day.year, day.month, day.day).addMonths(3)
            self.until.blockSignals(True)
            self.until.setDate(later)
            self.until.blockSignals(False)

    def repeats(self) -> bool:
        return self.kind.currentData() != NONE

    def choices(self) -> RepeatChoices:
        """What the panel says, as it was chosen (a draft keeps this)."""
        d = self.until.date()
        return RepeatChoices(
            kind=str(self.kind.currentData()), every=self.every.value(),
            days=tuple(i for i, b in enumerate(self.day_boxes) if b.isChecked()),
            end=str(self.end.currentData()), until=date(d.year(), d.month(), d.day()),
            count=self.count.value(), custom=self.rrule.text(),
        )  # fmt: skip

    def set_choices(self, choices: RepeatChoices | None) -> None:
        """Show ``choices`` (None: does not repeat). Call ``set_first_day`` afterwards: with no
        day chosen it ticks the first post's weekday."""
        choices = choices or RepeatChoices()
        widgets = (self.kind, self.every, self.rrule, self.end, self.until, self.count,
                   *self.day_boxes)  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        try:
            index = self.kind.findData(choices.kind)
            self.kind.setCurrentIndex(max(index, 0))
            self.every.setValue(choices.every)
            self.rrule.setText(choices.custom)
            self.end.setCurrentIndex(max(self.end.findData(choices.end), 0))
            if choices.until is not None:
                u = choices.until
                self.until.setDate(QtCore.QDate(u.year, u.month, u.day))
            self.count.setValue(choices.count)
            for i, box in enumerate(self.day_boxes):
                box.setChecked(i in choices.days)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._show_parts()

    def rule(self) -> str | None:
        """The RRULE text, None when the post does not repeat; RecurrenceError when the
        choices cannot make one (the message is for the user)."""
        return self.choices().rule(self._first)

    def show_error(self, message: str | None) -> None:
        self.error.set_messages([message] if message else [])

    # -- showing ---------------------------------------------------------------------------

    def _on_edit(self, *_: object) -> None:
        self._show_parts()
        self.changed.emit()

    def _show_parts(self) -> None:
        kind = self.kind.currentData()
        self.every.setVisible(kind in (DAILY, WEEKLY, MONTH_DAY, MONTH_NTH))
        self.every_unit.setText({DAILY: "days", WEEKLY: "weeks"}.get(kind, "months"))
        self.every_unit.setVisible(self.every.isVisible())
        self.rrule.setVisible(kind == CUSTOM)
        self.days_row.setVisible(kind == WEEKLY)
        self.end_row.setVisible(kind not in (NONE, CUSTOM))
        self.until.setVisible(self.end.currentData() == ON_DATE)
        self.count.setVisible(self.end.currentData() == AFTER)
        if kind == NONE:
            self.show_error(None)
