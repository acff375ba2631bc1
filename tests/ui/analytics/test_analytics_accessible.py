"""The analytics page for a screen reader and the keyboard: each chart's export button says
which chart it saves, a number tile reads its number, a card says what it shows, and Tab goes
from control to control without stopping on the charts (nothing to operate there)."""

from __future__ import annotations

from typing import Any

from test_analytics_page import db, make_page, sample_posts, settings  # noqa: F401

from s200desk.services.analytics import DateRange, build_dashboard


def spoken(widget: Any, what: str = "Name") -> str:
    from PySide6.QtGui import QAccessible

    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(getattr(QAccessible.Text, what))


def test_export_buttons_tiles_and_cards_say_what_they_are(qtbot: Any, db: Any,  # noqa: F811
                                                          settings: Any) -> None:  # noqa: F811
    page = make_page(qtbot, db, settings)
    page.apply_dashboard(build_dashboard(sample_posts(), DateRange.all_time(), settings.zone))
    cards = [page.platform_card, page.profile_card, page.rate_card, page.top_card,
             page.heatmap_card, page.history_card]
    names = [spoken(card.export_button) for card in cards]
    assert len(set(names)) == len(names), names
    for card, name in zip(cards, names, strict=True):
        assert card.title_label.text() in name and "PNG" in name
    assert spoken(page.kpis["views"]) == "Views: 4,500"
    assert spoken(page.platform_card, "Description") == page.platform_card.subtitle_label.text()
    assert spoken(page.platform_card, "Description")
    assert page.range_combo.accessibleName() == "Date range"
    assert page.metric_combo.accessibleName() == "Compare by"


def test_tab_walks_the_controls_and_skips_the_charts(qtbot: Any, db: Any,  # noqa: F811
                                                    settings: Any) -> None:  # noqa: F811
    from PySide6.QtCharts import QChartView
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    page = make_page(qtbot, db, settings)
    page.apply_dashboard(build_dashboard(sample_posts(), DateRange.all_time(), settings.zone))
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow())
    page.range_combo.setFocus(Qt.FocusReason.TabFocusReason)
    stops = []
    for _ in range(30):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is page.range_combo:
            break
        stops.append(focused)
    charts = [w for w in stops if isinstance(w, QChartView) or isinstance(w.parentWidget(),
                                                                          QChartView)]
    assert not charts, [spoken(w) for w in charts]
    assert page.top_table in stops  # the table has rows to read and sort
    unnamed = [type(w).__name__ + "#" + w.objectName() for w in stops if not spoken(w).strip()]
    assert not unnamed
