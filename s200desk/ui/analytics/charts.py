"""QtCharts views of the analytics numbers. Each chart is rebuilt from plain data on every
refresh; tests read the series back with :func:`series_points` / :func:`bar_values`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from s200desk.services.analytics import METRICS, Snapshot, series
from s200desk.ui.analytics._qtcharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from s200desk.ui.analytics.cards import format_count
from s200desk.ui.qt import QColor, QFont, QPainter, Qt, QtCore, QtGui

METRIC_LABELS = {
    "views": "Views",
    "likes": "Likes",
    "comments": "Comments",
    "shares": "Shares",
    "saves": "Saves",
    "engagement_rate": "Engagement rate",
}

# One colour per metric, readable on white and on the dark theme's base.
METRIC_COLOURS = {
    "views": "#6366F1",
    "likes": "#EC4899",
    "comments": "#F59E0B",
    "shares": "#10B981",
    "saves": "#0EA5E9",
    "engagement_rate": "#8B5CF6",
}


def make_chart_view() -> QChartView:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QtCore.QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    view.setFrameShape(QChartView.Shape.NoFrame)
    # Nothing to operate by keyboard: Tab goes from control to control, not through charts
    # (the card's accessible name and description say what each one shows).
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return view


def style_chart_view(view: QChartView, base: QColor) -> None:
    """The view around a chart in the card's colour: no frame of the window's colour around it."""
    view.setBackgroundBrush(base)
    view.chart().setBackgroundBrush(base)
    view.chart().setPlotAreaBackgroundVisible(False)


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in list(chart.axes()):
        chart.removeAxis(axis)


def _style(chart: QChart, text: QColor, grid: QColor, base: QColor) -> None:
    chart.setBackgroundBrush(base)
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(text)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
        font = QFont(axis.labelsFont())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        axis.setLabelsFont(font)


def fill_history_chart(
    chart: QChart,
    snapshots: Sequence[Snapshot],
    colours: tuple[QColor, QColor, QColor] = (QColor("#1F2328"), QColor("#E4E4E7"),
                                              QColor("#FFFFFF")),
    zone: tzinfo | None = None,
) -> None:
    """One line per metric over time; views on the left axis, the smaller counters on the right.

    ``zone``: the time zone the labels read in (the app's setting); none, the computer's."""
    _clear(chart)
    x_axis = QDateTimeAxis()
    x_axis.setFormat("d MMM HH:mm")
    x_axis.setTickCount(5)
    left = QValueAxis()
    left.setTitleText("Views")
    left.setLabelFormat("%.0f")
    right = QValueAxis()
    right.setTitleText("Interactions")
    right.setLabelFormat("%.0f")
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    tops = {"left": 0.0, "right": 0.0}
    for metric in METRICS:
        line = QLineSeries()
        # Views and the interactions sit on different axes; say so, or the lines look equal.
        line.setName("Views (left axis)" if metric == "views" else METRIC_LABELS[metric])
        pen = QtGui.QPen(QColor(METRIC_COLOURS[metric]))
        pen.setWidthF(2.4 if metric == "views" else 1.8)
        line.setPen(pen)
        points = [(axis_position(x, zone), y) for x, y in series(snapshots, metric)]
        for x, y in points:
            line.append(x, y)
        line.setPointsVisible(len(points) < 3)
        chart.addSeries(line)
        line.attachAxis(x_axis)
        side = "left" if metric == "views" else "right"
        line.attachAxis(left if side == "left" else right)
        if points:
            tops[side] = max(tops[side], max(y for _, y in points))
    if snapshots:
        first = min(s.polled_at for s in snapshots)
        last = max(s.polled_at for s in snapshots)
        if first == last:  # one reading: show an hour around it rather than a zero-width axis
            first, last = first - timedelta(minutes=30), last + timedelta(minutes=30)
        x_axis.setRange(_qdt(first, zone), _qdt(last, zone))
        x_axis.setFormat(time_axis_format(last - first))
        x_axis.setTickCount(time_axis_ticks(last - first))
    left.setRange(0, _nice(tops["left"]))
    right.setRange(0, _nice(tops["right"]))
    left.applyNiceNumbers()
    right.applyNiceNumbers()
    _style(chart, *colours)


def time_axis_format(span: timedelta) -> str:
    """Labels for a time axis of ``span``: days over two days and more, which five of fit in a
    half-width card ("14 Nov"), where "14 Nov 15:15" ran into its neighbours; hours within a day."""
    if span >= timedelta(days=2):
        return "d MMM"
    if span >= timedelta(hours=20):
        return "d MMM HH:mm"
    return "HH:mm"


def time_axis_ticks(span: timedelta, most: int = 5) -> int:
    """How many labels a time axis of ``span`` gets: at most ``most``, and with days for labels
    ("d MMM") at least a day apart — five over two days read "4 Dec 4 Dec 5 Dec 5 Dec 6 Dec"."""
    if time_axis_format(span) != "d MMM":
        return most
    whole_days = int(span / timedelta(days=1))
    return max(2, min(most, whole_days + 1))


def value_scale(top: float) -> tuple[float, str]:
    """Divide big counts so axis labels stay short: (divisor, suffix)."""
    if top >= 1e6:
        return 1e6, "M"
    if top >= 1e4:
        return 1e3, "k"
    return 1.0, ""


def fill_bar_chart(
    chart: QChart,
    categories: Sequence[str],
    values: Sequence[float],
    name: str,
    colour: str,
    *,
    percent: bool = False,
    colours: tuple[QColor, QColor, QColor] = (QColor("#1F2328"), QColor("#E4E4E7"),
                                              QColor("#FFFFFF")),
) -> None:
    """One horizontal bar per category (platform or profile), the biggest on top."""
    _clear(chart)
    pairs = sorted(zip(categories, values, strict=True), key=lambda p: p[1])
    top = max((float(v) for v in values), default=0.0) * (100.0 if percent else 1.0)
    divisor, suffix = (1.0, "%") if percent else value_scale(top)
    factor = (100.0 if percent else 1.0) / divisor
    bar_set = QBarSet(name)
    bar_set.setColor(QColor(colour))
    bar_set.setBorderColor(QColor(colour))
    bar_set.setLabelColor(colours[0])
    for _category, value in pairs:
        bar_set.append(float(value) * factor)
    bars = QHorizontalBarSeries()
    bars.append(bar_set)
    bars.setBarWidth(0.65)
    bars.setLabelsVisible(True)
    bars.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    bars.setLabelsFormat("@value" + suffix)
    bars.setLabelsPrecision(3)
    chart.addSeries(bars)
    cat_axis = QBarCategoryAxis()
    cat_axis.append([c for c, _v in pairs])
    value_axis = QValueAxis()
    value_axis.setLabelFormat("%.0f" + ("%%" if percent else suffix))
    value_axis.setRange(0, _nice(top / divisor * 1.18))
    value_axis.applyNiceNumbers()
    chart.addAxis(cat_axis, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(cat_axis)
    bars.attachAxis(value_axis)
    chart.legend().setVisible(False)
    chart.setProperty("valueScale", 1.0 / factor)
    _style(chart, *colours)


def _nice(top: float) -> float:
    return top if top > 0 else 1.0


def axis_position(epoch_ms: float, zone: tzinfo | None) -> float:
    """Where a moment goes on a QDateTimeAxis so that its label reads its wall time in ``zone``.

    The axis labels in the computer's zone and has no other; the app shows every time in the
    zone of its settings, which may differ (a brand managed from abroad). So the moment is moved
    by the difference of the two zones' offsets at that moment."""
    if zone is None:
        return epoch_ms
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=zone)
    wanted = moment.utcoffset() or timedelta()
    computers = moment.astimezone().utcoffset() or timedelta()
    return epoch_ms + (wanted - computers).total_seconds() * 1000


def _qdt(value: datetime, zone: tzinfo | None = None) -> QtCore.QDateTime:
    return QtCore.QDateTime.fromMSecsSinceEpoch(int(axis_position(value.timestamp() * 1000, zone)))


# --------------------------------------------------------------------------- reading back


def series_points(chart: QChart) -> dict[str, list[tuple[float, float]]]:
    """The (x, y) points of every line series by name (what tests compare)."""
    found: dict[str, list[tuple[float, float]]] = {}
    for s in chart.series():
        if isinstance(s, QLineSeries):
            found[s.name()] = [(p.x(), p.y()) for p in s.points()]
    return found


def bar_values(chart: QChart) -> dict[str, float]:
    """Category -> the value a bar stands for (undoing the axis scaling), in drawing order."""
    scale = float(chart.property("valueScale") or 1.0)
    for s in chart.series():
        if isinstance(s, QBarSeries | QHorizontalBarSeries):
            axis = next(a for a in chart.axes() if isinstance(a, QBarCategoryAxis))
            bar_set = s.barSets()[0]
            return {axis.at(i): bar_set.at(i) * scale for i in range(bar_set.count())}
    return {}


__all__ = [
    "METRIC_COLOURS",
    "METRIC_LABELS",
    "axis_position",
    "bar_values",
    "fill_bar_chart",
    "fill_history_chart",
    "format_count",
    "make_chart_view",
    "series_points",
    "style_chart_view",
]
