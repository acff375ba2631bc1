"""MetricsSparkline for the post detail pane."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from s200desk.services.analytics import Snapshot
from s200desk.ui.analytics import MetricsSparkline

T0 = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


def test_sparkline_draws_the_posts_views(qtbot: Any) -> None:
    spark = MetricsSparkline()
    qtbot.addWidget(spark)
    spark.show()
    assert spark.latest_text() == "No metrics yet" and spark.points() == []
    snaps = [Snapshot("p", "x", "@me", T0 + timedelta(hours=i), 100 * i * i, 3 * i)
             for i in (2, 0, 1)]
    spark.set_snapshots(snaps)
    assert [v for _, v in spark.points()] == [0, 100, 400]
    assert spark.latest_text() == "400 views"
    assert "3 readings" in spark.toolTip()
    spark.set_snapshots(snaps, metric="likes")
    assert [v for _, v in spark.points()] == [0, 3, 6]
    image = spark.grab().toImage()
    assert len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}) > 2
