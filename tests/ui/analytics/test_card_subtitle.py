"""A chart card's subtitle longer than its card is cut with "…" and shown whole in the tooltip
(it was clipped mid-word: "best Wed 12:00 · E"); an exported PNG carries it whole."""

from __future__ import annotations

from typing import Any

from s200desk.ui.analytics.cards import ChartCard
from s200desk.ui.qt import QWidget

LONG = "stronger colour = higher engagement · best Wed 12:00 · Engagement 9.6% over 14 posts"


def test_a_long_subtitle_is_cut_visibly_and_kept_whole(qtbot: Any) -> None:
    card = ChartCard("Best time to post", QWidget())
    qtbot.addWidget(card)
    card.resize(360, 200)
    card.show()
    qtbot.waitExposed(card)
    card.show_content(LONG)
    shown = card.subtitle_label.text()
    assert shown.endswith("…") and len(shown) < len(LONG)
    assert card.subtitle_label.toolTip() == LONG
    assert card.subtitle == LONG

    card.resize(1400, 200)  # room for all of it
    qtbot.waitUntil(lambda: card.subtitle_label.text() == LONG)
    assert card.subtitle_label.toolTip() == ""
