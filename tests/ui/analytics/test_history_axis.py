"""The "Post over time" chart's time axis: labels that fit beside each other in a half-width
card (days for a post measured over weeks), not "14 Nov 15:1520 Nov 01:24…"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from s200desk.store.analytics_repo import Snapshot
from s200desk.ui.analytics._qtcharts import QChart, QDateTimeAxis
from s200desk.ui.analytics.charts import fill_history_chart

# Readings as data only: the chart labels the span it is given and never compares it with a
# clock, so this fixed start holds on any date.
START = datetime(2026, 11, 14, 15, 15, tzinfo=UTC)


def axis_format(span: timedelta, qtbot: Any) -> str:
    chart = QChart()
    readings = [Snapshot("p1", "tiktok", "@a", START + span * i / 10, views=100 * i)
                for i in range(11)]
    fill_history_chart(chart, readings)
    (axis,) = [a for a in chart.axes() if isinstance(a, QDateTimeAxis)]
    return axis.format()


def test_weeks_of_readings_are_labelled_by_day(qtbot: Any) -> None:
    assert axis_format(timedelta(days=22), qtbot) == "d MMM"


def test_a_day_and_a_few_hours_keep_their_times(qtbot: Any) -> None:
    assert axis_format(timedelta(hours=26), qtbot) == "d MMM HH:mm"
    assert axis_format(timedelta(hours=6), qtbot) == "HH:mm"


def test_the_time_axis_reads_in_the_zone_of_the_settings(qtbot: Any) -> None:
    # A zone no test machine runs in (UTC+14), so the computer's own zone would read otherwise.
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Pacific/Kiritimati")
    chart = QChart()
    readings = [Snapshot("p1", "tiktok", "@a", START + timedelta(hours=i), views=100 * i)
                for i in range(7)]
    fill_history_chart(chart, readings, zone=zone)
    (axis,) = [a for a in chart.axes() if isinstance(a, QDateTimeAxis)]
    assert axis.format() == "HH:mm"
    # 14 Nov 15:15 UTC is 15 Nov 05:15 on Kiritimati: where the axis starts, as it labels it.
    assert axis.min().toString("d MMM HH:mm") == "15 Nov 05:15"
    assert axis.max().toString("d MMM HH:mm") == "15 Nov 11:15"


def test_two_to_four_days_never_repeat_a_day_label(qtbot: Any) -> None:
    """Labels by day, at least a day apart: not "4 Dec 4 Dec 5 Dec 5 Dec 6 Dec"."""
    for hours in (48, 50, 60, 71, 80, 95, 96, 24 * 22):
        span = timedelta(hours=hours)
        chart = QChart()
        readings = [Snapshot("p1", "tiktok", "@a", START + span * i / 10, views=100 * i)
                    for i in range(11)]
        fill_history_chart(chart, readings)
        (axis,) = [a for a in chart.axes() if isinstance(a, QDateTimeAxis)]
        assert axis.format() == "d MMM"
        first, last = axis.min(), axis.max()
        count = axis.tickCount()
        step = first.msecsTo(last) / (count - 1)
        labels = [first.addMSecs(int(step * i)).toString(axis.format()) for i in range(count)]
        assert len(set(labels)) == len(labels), (hours, labels)
        assert count >= 3 or hours < 48
