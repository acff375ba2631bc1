"""The Analytics page (QtCharts) and the metrics sparkline for the post detail pane."""

from s200desk.ui.analytics.cards import CardState, ChartCard, save_widget_png
from s200desk.ui.analytics.page import AnalyticsPage
from s200desk.ui.analytics.sparkline import MetricsSparkline

__all__ = ["AnalyticsPage", "CardState", "ChartCard", "MetricsSparkline", "save_widget_png"]
