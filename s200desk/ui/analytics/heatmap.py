"""Best time to post: a weekday × hour grid, darker where posts engaged more.

QtCharts has no heatmap, so this one paints its own cells; it keeps the numbers it shows
(:attr:`heatmap`) so tests check data, not pixels.
"""

from __future__ import annotations

from s200desk.services.analytics import Heatmap
from s200desk.ui.analytics.cards import format_rate
from s200desk.ui.qt import (
    QColor,
    QEvent,
    QFont,
    QPainter,
    QRectF,
    QSize,
    Qt,
    QtGui,
    QWidget,
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LEFT, _TOP, _BOTTOM, _RIGHT = 40, 4, 22, 8


class HeatmapWidget(QWidget):
    """Mean engagement rate per (weekday, hour) of the user's own posts, in their zone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heatmap = Heatmap()
        self.accent = QColor("#6366F1")
        self.text = QColor("#6B7280")
        self.empty_cell = QColor("#F1F1F4")
        self.first_weekday = 0  # 0 Monday, 6 Sunday: rows start on the user's first day
        self.setMouseTracking(True)
        self.setMinimumHeight(200)

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    def set_heatmap(self, heatmap: Heatmap) -> None:
        self.heatmap = heatmap
        self.update()

    def row_days(self) -> list[int]:
        return [(self.first_weekday + i) % 7 for i in range(7)]

    def _cell(self, row: int, hour: int) -> QRectF:
        w = (self.width() - _LEFT - _RIGHT) / 24
        h = (self.height() - _TOP - _BOTTOM) / 7
        return QRectF(_LEFT + hour * w, _TOP + row * h, w, h)

    def _max(self) -> float:
        values = [v for row in self.heatmap.values for v in row if v is not None]
        return max(values) if values else 0.0

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = self._max()
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        painter.setFont(font)
        for row, day in enumerate(self.row_days()):
            for hour in range(24):
                rect = self._cell(row, hour).adjusted(1.5, 1.5, -1.5, -1.5)
                value = self.heatmap.values[day][hour]
                if value is None or top <= 0:
                    colour = self.empty_cell
                else:
                    colour = QColor(self.accent)
                    colour.setAlphaF(0.15 + 0.85 * (value / top))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(self.text)
            label = self._cell(row, 0)
            painter.drawText(
                QRectF(0, label.top(), _LEFT - 6, label.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                WEEKDAYS[day],
            )
        painter.setPen(self.text)
        for hour in range(0, 24, 3):
            cell = self._cell(6, hour)
            painter.drawText(
                QRectF(cell.left() - 10, self.height() - _BOTTOM + 4, cell.width() + 20, 16),
                int(Qt.AlignmentFlag.AlignCenter),
                f"{hour:02d}h",
            )
        painter.end()

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The (weekday, hour) under a point, if any."""
        for row, day in enumerate(self.row_days()):
            for hour in range(24):
                if self._cell(row, hour).contains(x, y):
                    return day, hour
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            cell = self.cell_at(pos.x(), pos.y())
            if cell is not None:
                day, hour = cell
                n = self.heatmap.counts[day][hour]
                value = self.heatmap.values[day][hour]
                text = (
                    f"{WEEKDAYS[day]} {hour:02d}:00–{hour:02d}:59 · "
                    + (f"{format_rate(value)} mean engagement over {n} post"
                       + ("s" if n != 1 else "") if n else "no posts")
                )
                QtGui.QToolTip.showText(event.globalPos(), text, self)  # type: ignore[attr-defined]
                return True
        return super().event(event)
