"""Analytics in a small window (1024×700 and narrower: the page gets 720–800 px): no part of
the page is wider than the window (Export CSV in sight), the seven totals take two rows, and
the top posts' last columns can be scrolled to."""

from __future__ import annotations

from typing import Any

from test_analytics_page import db, make_page, sample_posts, settings  # noqa: F401

from s200desk.config import Settings
from s200desk.services.analytics import DateRange, build_dashboard
from s200desk.store import Database
from s200desk.ui.qt import QPoint, Qt


def test_a_narrow_page_fits_its_window(qtbot: Any, db: Database, settings: Settings) -> None:  # noqa: F811
    page = make_page(qtbot, db, settings)
    dashboard = build_dashboard(sample_posts(), DateRange.all_time(), settings.zone)
    page.apply_dashboard(dashboard)
    for key, text in (("views", "1.6M"), ("comments", "8,947"), ("engagement_rate", "7.42%")):
        page.kpis[key].set_value(text)  # numbers as wide as the demo's
    page.resize(720, 700)
    viewport = page.scroll_area.viewport()
    body = page.scroll_area.widget()
    qtbot.waitUntil(lambda: body.width() <= viewport.width())
    assert not page.scroll_area.horizontalScrollBar().isVisible()
    right = page.export_button.mapTo(viewport, QPoint(page.export_button.width(), 0)).x()
    assert right <= viewport.width()  # Export CSV whole, no sideways scrolling
    tiles = list(page.kpis.values())
    assert len({t.y() for t in tiles}) == 2  # two rows of totals
    assert page.top_table.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    # The controls in a row of their own: each label beside its drop-down, buttons their size.
    from s200desk.ui.qt import QLabel

    for combo in (page.range_combo, page.metric_combo):
        label = next(w for w in page.findChildren(QLabel) if w.buddy() is combo)
        gap = combo.x() - (label.x() + label.width())
        assert 0 <= gap <= 12, (label.text(), gap)
    for button in (page.poll_button, page.export_button):
        if button.isVisible():
            assert button.width() <= button.sizeHint().width() + 2, button.text()

    page.resize(1400, 800)
    qtbot.waitUntil(lambda: len({t.y() for t in tiles}) == 1)  # one row again with room
