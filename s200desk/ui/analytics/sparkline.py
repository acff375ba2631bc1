"""A small line of one post's views over time, for the post detail pane.

Embed it and feed it the post's snapshots::

    spark = MetricsSparkline()
    spark.set_snapshots(await AnalyticsRepo(db).series(post_id))

With no snapshot it says so in words instead of drawing an empty box.
"""

from __future__ import annotations

from collections.abc import Sequence

from s200desk.services.analytics import Snapshot, series
from s200desk.ui.analytics.cards import format_count
from s200desk.ui.qt import QColor, QPainter, QRectF, QSize, Qt, QtCore, QtGui, QWidget


class MetricsSparkline(QWidget):
    """Views (or another metric) of one post over time, with the latest value."""

    def __init__(self, parent: QWidget | None = None, metric: str = "views") -> None:
        super().__init__(parent)
        # Not ``self.metric``: that would shadow QPaintDevice.metric() and crash painting.
        self.metric_name = metric
        self._points: list[tuple[float, int]] = []
        self.line_colour = QColor("#6366F1")
        self.text_colour = QColor("#6B7280")
        self.empty_text = "No metrics yet"
        self.setMinimumSize(120, 32)
        self.setToolTip("")

    def sizeHint(self) -> QSize:
        return QSize(220, 40)

    def set_snapshots(self, snapshots: Sequence[Snapshot], metric: str | None = None) -> None:
        if metric is not None:
            self.metric_name = metric
        self._points = series(snapshots, self.metric_name)
        latest = self._points[-1][1] if self._points else None
        self.setToolTip(
            f"{format_count(latest)} {self.metric_name} · {len(self._points)} readings"
            if latest is not None else self.empty_text
        )
        self.update()

    def points(self) -> list[tuple[float, int]]:
        """What is drawn: (epoch ms, value), oldest first."""
        return list(self._points)

    def latest_text(self) -> str:
        if not self._points:
            return self.empty_text
        return f"{format_count(self._points[-1][1])} {self.metric_name}"

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.latest_text()
        metrics = QtGui.QFontMetrics(self.font())
        text_w = metrics.horizontalAdvance(text) + 8
        painter.setPen(self.text_colour)
        if not self._points:
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft
                                              | Qt.AlignmentFlag.AlignVCenter), text)
            painter.end()
            return
        area = QRectF(2, 4, max(10.0, self.width() - text_w - 6), self.height() - 8)
        painter.drawText(
            QRectF(area.right() + 6, 0, text_w, self.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text,
        )
        xs = [p[0] for p in self._points]
        ys = [p[1] for p in self._points]
        x0, x1 = min(xs), max(xs)
        y1 = max(ys) or 1
        path = QtGui.QPainterPath()
        poly: list[QtCore.QPointF] = []
        for x, y in self._points:
            px = area.left() + (area.width() * ((x - x0) / (x1 - x0)) if x1 > x0 else area.width())
            py = area.bottom() - area.height() * (y / y1)
            poly.append(QtCore.QPointF(px, py))
        path.moveTo(poly[0])
        for p in poly[1:]:
            path.lineTo(p)
        fill = QtGui.QPainterPath(path)
        fill.lineTo(poly[-1].x(), area.bottom())
        fill.lineTo(poly[0].x(), area.bottom())
        fill.closeSubpath()
        shade = QColor(self.line_colour)
        shade.setAlpha(40)
        painter.fillPath(fill, shade)
        pen = QtGui.QPen(self.line_colour)
        pen.setWidthF(1.8)
        painter.setPen(pen)
        painter.drawPath(path)
        painter.setBrush(self.line_colour)
        painter.drawEllipse(poly[-1], 2.5, 2.5)
        painter.end()
