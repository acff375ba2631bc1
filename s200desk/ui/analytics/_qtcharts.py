"""QtCharts for the analytics package, in one place (``s200desk.ui.qt`` holds the core modules)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCharts import (
    QAbstractSeries,
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

__all__ = [
    "QAbstractSeries",
    "QBarCategoryAxis",
    "QBarSeries",
    "QBarSet",
    "QChart",
    "QChartView",
    "QDateTimeAxis",
    "QHorizontalBarSeries",
    "QLineSeries",
    "QValueAxis",
]
