"""The month (6 x 7 days) and week (24 hours x 7 days) grids as table models over the calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from s200desk.ui.calendar.chips import SHORT_PLATFORM, Cell, CellRole
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.calendar.spoken_posts import cell_words
from s200desk.ui.calendar.timegrid import MONTH_WEEKS, local_day_bounds, month_days
from s200desk.ui.qt import QAbstractTableModel, QModelIndex, Qt, QtModelIndex

Clock = Callable[[], datetime]
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class _GridTable(QAbstractTableModel):
    def __init__(self, cal: CalendarModel, clock: Clock) -> None:
        super().__init__()
        self._cal = cal
        self._clock = clock
        self._cells: dict[tuple[int, int], Cell] = {}
        cal.changed.connect(self.refresh)

    def refresh(self) -> None:
        """Re-read every cell (posts moved, filters or zone changed, the clock ticked)."""
        self._cells.clear()
        rows, cols = self.rowCount(), self.columnCount()
        if rows and cols:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, cols - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, cols - 1)

    def today(self) -> date:
        return self._clock().astimezone(self._cal.tz).date()

    def cell(self, row: int, column: int) -> Cell:
        key = (row, column)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cells[key] = self._make_cell(row, column)
        return cell

    def _make_cell(self, row: int, column: int) -> Cell:
        raise NotImplementedError

    def data(self, index: QtModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == CellRole and index.isValid():
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole and index.isValid():
            return cell_words(self.cell(index.row(), index.column()), self._cal)
        return None

    def flags(self, index: QtModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class MonthTable(_GridTable):
    """Six weeks of days around one month; each cell a day."""

    def __init__(self, cal: CalendarModel, clock: Clock) -> None:
        self._days: list[date] = []
        self._month = (2000, 1)
        super().__init__(cal, clock)

    def set_month(self, year: int, month: int, first_weekday: int) -> None:
        self._month = (year, month)
        self._days = month_days(year, month, first_weekday)
        self.refresh()

    @property
    def days(self) -> list[date]:
        return self._days

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._days else MONTH_WEEKS

    def columnCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._days else 7

    def day_at(self, row: int, column: int) -> date:
        return self._days[row * 7 + column]

    def index_of(self, day: date) -> QModelIndex:
        if day in self._days:
            i = self._days.index(day)
            return self.index(i // 7, i % 7)
        return QModelIndex()

    def _make_cell(self, row: int, column: int) -> Cell:
        day = self.day_at(row, column)
        today = self.today()
        return Cell(day=day, hour=None, rows=self._cal.rows_on(day),
                    in_month=(day.year, day.month) == self._month, today=day == today,
                    past=day < today, usage=self._cal.usage(day))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and self._days:
            return _DAY_NAMES[self._days[section].weekday()]
        return None


class WeekTable(_GridTable):
    """Seven days by 24 hours; each cell one local hour of one day."""

    def __init__(self, cal: CalendarModel, clock: Clock) -> None:
        self._start: date | None = None
        self._buckets: dict[tuple[int, int], list[Any]] | None = None
        super().__init__(cal, clock)

    def set_week(self, start: date) -> None:
        self._start = start
        self.refresh()

    def refresh(self) -> None:
        self._buckets = None
        super().refresh()

    @property
    def days(self) -> list[date]:
        if self._start is None:
            return []
        return [self._start + timedelta(days=i) for i in range(7)]

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._start is None else 24

    def columnCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._start is None else 7

    def day_at(self, row: int, column: int) -> date:
        assert self._start is not None
        return self._start + timedelta(days=column)

    def index_of(self, day: date, hour: int) -> QModelIndex:
        if self._start is None or not 0 <= (day - self._start).days < 7:
            return QModelIndex()
        return self.index(hour, (day - self._start).days)

    def _bucket(self) -> dict[tuple[int, int], list[Any]]:
        if self._buckets is None:
            tz = self._cal.tz
            buckets: dict[tuple[int, int], list[Any]] = {}
            for column, day in enumerate(self.days):
                for r in self._cal.rows_on(day):
                    when = self._cal.when_of(r)
                    if when is not None:
                        buckets.setdefault((when.astimezone(tz).hour, column), []).append(r)
            self._buckets = buckets
        return self._buckets

    def _make_cell(self, row: int, column: int) -> Cell:
        day = self.day_at(row, column)
        now = self._clock().astimezone(UTC)
        start, _ = local_day_bounds(day, self._cal.tz)
        slot_end = start + timedelta(hours=row + 1)
        return Cell(day=day, hour=row, rows=self._bucket().get((row, column), []),
                    today=day == self.today(), past=slot_end <= now)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._start is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"{section:02d}:00"
        day = self.day_at(0, section)
        label = f"{_DAY_NAMES[day.weekday()]} {day.day}"
        usage = self._cal.usage(day)
        if usage:
            cap = self._cal.daily_cap
            # The two busiest platforms fit a column; the month view shows them all.
            parts = [f"{SHORT_PLATFORM.get(p, p[:2].upper())} {n}" + (f"/{cap}" if cap else "")
                     for p, n in sorted(usage.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
            label += "\n" + " · ".join(parts)
        return label
