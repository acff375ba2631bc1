"""A narrow posts list (1024×700): a column too narrow for its title shows none rather than a
cut one ("Platfor", "Pla" beside the sort arrow), and a platform cell too narrow for its name
shows the icon alone rather than "Ti…" (``IconWhenNarrow``). Only the painting changes: titles
and names stay what a screen reader reads, the name is the cell's tooltip."""

from __future__ import annotations

from typing import Any

from s200desk.ui.qt import (
    QFont,
    QFontMetrics,
    QHeaderView,
    QStyledItemDelegate,
    Qt,
    QtModelIndex,
    QWidget,
)

PADDING = 2 * 8  # the theme's section padding
ARROW = 10 + 4  # the sort arrow and a gap, on the sorted column
CELL_MARGIN = 4  # Fusion's text margin in an item view cell, each side and beside the icon


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


class IconWhenNarrow(QStyledItemDelegate):
    """A cell with an icon and a name: the icon alone when the name would be cut."""

    def initStyleOption(self, option: Any, index: QtModelIndex) -> None:
        super().initStyleOption(option, index)
        text = option.text
        if not text or option.icon.isNull():
            return
        needed = (option.decorationSize.width() + option.fontMetrics.horizontalAdvance(text)
                  + 3 * CELL_MARGIN)
        if needed > option.rect.width():
            option.text = ""
            option.displayAlignment = Qt.AlignmentFlag.AlignCenter
            option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
