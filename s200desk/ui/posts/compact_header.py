"""CompactHeader: a column too narrow for its title shows none (the platform icons, at 1024×700)
rather than a cut one ("Platfor", "Pla" beside the sort arrow). Only the painting changes: the
title stays the column's name for a screen reader and its tooltip."""

from __future__ import annotations

from typing import Any

from s200desk.ui.qt import QFont, QFontMetrics, QHeaderView, Qt, QWidget

PADDING = 2 * 8  # the theme's section padding
ARROW = 10 + 4  # the sort arrow and a gap, on the sorted column


class CompactHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def initStyleOptionForIndex(self, option: Any, logical_index: int) -> None:
        super().initStyleOptionForIndex(option, logical_index)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)  # as the theme draws titles
        room = PADDING + (ARROW if logical_index == self.sortIndicatorSection() else 0)
        if QFontMetrics(font).horizontalAdvance(option.text) + room > self.sectionSize(
            logical_index
        ):
            option.text = ""
