"""Chips: one post drawn inside a day (month) or an hour slot (week) by a delegate, no widgets.

``ChipDelegate.layout`` is the one place that decides where each chip of a cell goes; painting
and hit-testing (click, drag, context menu) both use it, so what you see is what you grab.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from s200desk.ui.formatting import status_label
from s200desk.ui.icons import PLATFORM_COLOURS, platform_icon, platform_label
from s200desk.ui.posts.model import PostRow
from s200desk.ui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QModelIndex,
    QPainter,
    QRect,
    QRectF,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QtGui,
    QtModelIndex,
)
from s200desk.ui.theme import colours

if TYPE_CHECKING:
    from s200desk.ui.calendar.model import CalendarModel

CHIP_H = 18
CHIP_GAP = 2
HEADER_H = 20
SHORT_PLATFORM = {
    "tiktok": "TT",
    "instagram": "IG",
    "facebook": "FB",
    "youtube": "YT",
    "x": "X",
    "linkedin": "IN",
    "pinterest": "PI",
    "threads": "TH",
}


@dataclass
class Cell:
    """What one table cell shows: a day (month) or one hour of a day (week)."""

    day: date
    hour: int | None
    rows: list[PostRow]
    in_month: bool = True
    today: bool = False
    past: bool = False
    usage: dict[str, int] = field(default_factory=dict)


CellRole = int(Qt.ItemDataRole.UserRole) + 11


def cell_of(index: QtModelIndex) -> Cell | None:
    value = index.data(CellRole) if index.isValid() else None
    return value if isinstance(value, Cell) else None


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell's day header, daily-cap usage and post chips; knows where each chip is."""

    def __init__(self, model: CalendarModel, *, show_header: bool, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._model = model
        self._show_header = show_header
        self.selected_id: str | None = None
        self._font = QFont()
        self._font.setPixelSize(11)
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._fm = QFontMetrics(self._font)

    # -- layout ----------------------------------------------------------------------------

    def top(self) -> int:
        return HEADER_H if self._show_header else 2

    def capacity(self, rect: QRect, total: int) -> int:
        """How many chips fit in ``rect``; one slot goes to "+N more" when they do not all fit."""
        room = max(0, rect.height() - self.top() - 2)
        fit = max(0, (room + CHIP_GAP) // (CHIP_H + CHIP_GAP))
        return total if total <= fit else max(0, fit - 1)

    def layout(self, rect: QRect, cell: Cell) -> tuple[list[tuple[QRect, PostRow]], QRect | None]:
        """The chip rectangles of ``cell`` in ``rect`` and the "+N more" line (None if all fit)."""
        shown = self.capacity(rect, len(cell.rows))
        x, w = rect.left() + 3, rect.width() - 6
        y = rect.top() + self.top()
        chips = []
        for row in cell.rows[:shown]:
            chips.append((QRect(x, y, w, CHIP_H), row))
            y += CHIP_H + CHIP_GAP
        more = QRect(x, y, w, CHIP_H - 4) if shown < len(cell.rows) else None
        return chips, more

    def chip_at(self, rect: QRect, cell: Cell, x: int, y: int) -> PostRow | None:
        for chip_rect, row in self.layout(rect, cell)[0]:
            if chip_rect.contains(x, y):
                return row
        return None

    # -- painting --------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QtModelIndex
    ) -> None:
        cell = cell_of(index)
        if cell is None:
            return
        c = colours()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        if cell.past:
            painter.fillRect(rect, QColor(c.alt_base))
        if option.state & QStyle.StateFlag.State_HasFocus:  # type: ignore[attr-defined]
            painter.fillRect(rect, _tint(c.accent, 28))
        painter.setFont(self._font)
        if self._show_header:
            self._paint_header(painter, rect, cell)
        chips, more = self.layout(rect, cell)
        for chip_rect, row in chips:
            self.paint_chip(painter, chip_rect, row)
        if more is not None:
            painter.setPen(QColor(c.muted))
            painter.drawText(
                more,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"+{len(cell.rows) - len(chips)} more",
            )
        painter.restore()

    def _paint_header(self, painter: QPainter, rect: QRect, cell: Cell) -> None:
        c = colours()
        num = QRect(rect.left() + 4, rect.top() + 2, 20, 16)
        if cell.today:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.accent))
            painter.drawRoundedRect(QRectF(num), 8, 8)
            painter.setPen(QColor(c.accent_text))
        else:
            painter.setPen(QColor(c.text if cell.in_month else c.muted))
        painter.setFont(self._bold)
        painter.drawText(num, int(Qt.AlignmentFlag.AlignCenter), str(cell.day.day))
        painter.setFont(self._font)
        self.paint_usage(
            painter, QRect(rect.left() + 26, rect.top() + 2, rect.width() - 30, 16), cell.usage
        )

    def paint_usage(self, painter: QPainter, rect: QRect, usage: dict[str, int]) -> None:
        """Per-platform posts on the day against the plan's cap, right-aligned: ``IG 3/5``."""
        if not usage:
            return
        c = colours()
        cap = self._model.daily_cap
        x = rect.right()
        for platform in sorted(usage, key=lambda p: (-usage[p], p)):
            n = usage[platform]
            text = f"{SHORT_PLATFORM.get(platform, platform[:2].upper())} {n}"
            if cap is not None:
                text += f"/{cap}"
            width = self._fm.horizontalAdvance(text) + 6
            if x - width < rect.left():
                break
            full = cap is not None and n >= cap
            painter.setPen(QColor(c.danger if full else c.muted))
            painter.drawText(
                QRect(x - width, rect.top(), width, rect.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            x -= width + 2

    def paint_chip(self, painter: QPainter, rect: QRect, row: PostRow, ghost: bool = False) -> None:
        c = colours()
        model = self._model
        move = model.move_of(row.id)
        brand = QColor(PLATFORM_COLOURS.get(row.platform, "#8A8F98"))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if ghost:
            painter.setOpacity(0.75)
        fill = _tint(PLATFORM_COLOURS.get(row.platform, "#8A8F98"), 34)
        if row.status == "published":
            fill = QColor(c.alt_base)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        painter.setBrush(brand)
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 3, rect.height()), 1.5, 1.5)
        pen_colour = None
        if row.id == self.selected_id:
            pen_colour, width, style = QColor(c.accent), 2.0, Qt.PenStyle.SolidLine
        elif move is not None:
            pen_colour, width, style = QColor(c.accent), 1.2, Qt.PenStyle.DashLine
        elif row.status == "failed":
            pen_colour, width, style = QColor(c.danger), 1.0, Qt.PenStyle.SolidLine
        if pen_colour is not None:
            pen = QtGui.QPen(pen_colour, width, style)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        icon = platform_icon(row.platform)
        icon.paint(painter, QRect(rect.left() + 6, rect.top() + 3, 12, 12))
        x = rect.left() + 22
        when = model.when_of(row)
        painter.setFont(self._bold)
        painter.setPen(QColor(c.muted if row.status == "published" else c.text))
        if when is not None:
            text = when.astimezone(model.tz).strftime("%H:%M")
            width = self._fm.horizontalAdvance("00:00") + 4
            painter.drawText(
                QRect(x, rect.top(), width, rect.height()), int(Qt.AlignmentFlag.AlignVCenter), text
            )
            x += width + 2
        painter.setFont(self._font)
        tag = _tag(row, move is not None)
        right = rect.right() - 4
        if tag:
            tag_w = self._fm.horizontalAdvance(tag) + 4
            if right - tag_w - x > 24:
                painter.setPen(QColor(c.danger if row.status == "failed" else c.muted))
                painter.drawText(
                    QRect(right - tag_w, rect.top(), tag_w, rect.height()),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                    tag,
                )
                right -= tag_w + 2
        caption = " ".join(row.caption.split())[:80]
        painter.setPen(QColor(c.muted if row.status == "published" else c.text))
        painter.drawText(
            QRect(x, rect.top(), max(0, right - x), rect.height()),
            int(Qt.AlignmentFlag.AlignVCenter),
            self._fm.elidedText(caption, Qt.TextElideMode.ElideRight, max(0, right - x)),
        )
        painter.restore()


def _tag(row: PostRow, moving: bool) -> str:
    if moving:
        return "moving…"
    if row.status == "scheduled":
        return ""
    if row.status == "published":
        return "✓"
    return status_label(row.status).lower()


def _tint(hex_colour: str, alpha: int) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


def chip_tooltip(row: PostRow, model: CalendarModel) -> str:
    when: datetime | None = model.when_of(row)
    stamp = when.astimezone(model.tz).strftime("%a %d %b %Y, %H:%M") if when else "—"
    state = "moving…" if model.move_of(row.id) else status_label(row.status)
    caption = row.caption if len(row.caption) <= 280 else row.caption[:279] + "…"
    return f"{platform_label(row.platform)} · {row.account_id}\n{stamp} · {state}\n\n{caption}"
