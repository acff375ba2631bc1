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
    QtCore,
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
    "linkedin": "LI",
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
        self._cells: dict[tuple[object, ...], QtGui.QPixmap] = {}
        self._texts: dict[tuple[object, ...], str] = {}
        self._statics: dict[tuple[str, bool], QtGui.QStaticText] = {}
        self._chips: dict[tuple[object, ...], QtGui.QPixmap] = {}
        self._todo: dict[tuple[object, ...], tuple[PostRow, int, int, float]] = {}
        self._idle_armed = False
        # A child timer, not QTimer.singleShot(0, callable): it dies with the delegate, so it
        # can never fire into a view that is gone.
        self._idle = QtCore.QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._cache_chips)
        model.changed.connect(self.invalidate)

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
    #
    # A month repaints far more often than it changes (hover, focus, the drag overlay), so each
    # cell is rendered once into a pixmap and reused until the posts, the selection or the size
    # change; the first paint of a cell keeps to one text call per chip.

    def invalidate(self) -> None:
        """Forget the rendered cells (the posts changed); texts are cached by content and stay."""
        self._cells.clear()

    def forget_texts(self) -> None:
        """Also drop laid-out texts (benchmarks: a paint with nothing cached at all)."""
        self._cells.clear()
        self._texts.clear()
        self._statics.clear()
        self._chips.clear()
        self._todo.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QtModelIndex) -> None:
        cell = cell_of(index)
        if cell is None:
            return
        rect: QRect = option.rect
        focus = bool(option.state & QStyle.StateFlag.State_HasFocus)
        selected = self.selected_id
        if selected is not None and not any(r.id == selected for r in cell.rows):
            selected = None
        key = (cell.day, cell.hour, rect.width(), rect.height(), focus, selected, cell.today,
               cell.past, cell.in_month, id(cell.rows), len(cell.rows))
        pixmap = self._cells.get(key)
        if pixmap is None:
            if len(self._cells) > 600:
                self._cells.clear()
            ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
            pixmap = QtGui.QPixmap(int(rect.width() * ratio), int(rect.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            inner = QPainter(pixmap)
            self._paint_cell(inner, QRect(0, 0, rect.width(), rect.height()), cell, focus)
            inner.end()
            self._cells[key] = pixmap
        painter.drawPixmap(rect.topLeft(), pixmap)

    def _paint_cell(self, painter: QPainter, rect: QRect, cell: Cell, focus: bool) -> None:
        c = colours()
        if cell.past or not cell.in_month:
            shade = QColor(c.window)
            if cell.past:
                shade = shade.darker(103)
            painter.fillRect(rect, shade)
        if focus:
            painter.fillRect(rect, _tint(c.accent, 28))
        painter.setFont(self._font)
        if self._show_header:
            self._paint_header(painter, rect, cell)
        chips, more = self.layout(rect, cell)
        for chip_rect, row in chips:
            self.paint_chip(painter, chip_rect, row)
        if more is not None:
            painter.setPen(QColor(c.muted))
            self.draw_line(painter, more, f"+{len(cell.rows) - len(chips)} more")

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
        label = str(cell.day.day)
        inset = (num.width() - self._static(label, self._bold).size().width()) / 2
        self.draw_line(painter, num.adjusted(int(inset), 0, 0, 0), label, self._bold)
        self.paint_usage(painter, QRect(rect.left() + 26, rect.top() + 2, rect.width() - 30, 16),
                         cell.usage)

    def usage_texts(self, usage: dict[str, int]) -> tuple[str, str]:
        """``("IG 5/5", "TT 3/5  FB 1/5")``: the platforms at the cap, then the others."""
        cap = self._model.daily_cap
        full: list[str] = []
        rest: list[str] = []
        for platform in sorted(usage, key=lambda p: (-usage[p], p)):
            n = usage[platform]
            text = f"{SHORT_PLATFORM.get(platform, platform[:2].upper())} {n}"
            if cap is not None:
                text += f"/{cap}"
            (full if cap is not None and n >= cap else rest).append(text)
        return "  ".join(full), "  ".join(rest)

    def paint_usage(self, painter: QPainter, rect: QRect, usage: dict[str, int]) -> None:
        """Per-platform posts on the day against the plan's cap; full ones first, in red."""
        if not usage:
            return
        c = colours()
        full, rest = self.usage_texts(usage)
        right = rect
        if full:
            full = self._fm.elidedText(full, Qt.TextElideMode.ElideRight, rect.width())
            width = int(self._static(full, self._font).size().width())
            painter.setPen(QColor(c.danger))
            self.draw_line(painter, rect, full)
            right = rect.adjusted(width + 6, 0, 0, 0)
        if rest and right.width() > 20:
            painter.setPen(QColor(c.muted))
            self.draw_line(painter, right, self._elide(rest, right.width()), right=True)

    def _elide(self, text: str, width: int) -> str:
        key = (text, width)
        elided = self._texts.get(key)
        if elided is None:
            elided = self._texts[key] = self._fm.elidedText(text, Qt.TextElideMode.ElideRight,
                                                            width)
        return elided

    def _static(self, text: str, font: QFont) -> QtGui.QStaticText:
        """Laid-out text, cached: the same strings are drawn on every repaint of every month."""
        key = (text, font.bold())
        static = self._statics.get(key)
        if static is None:
            if len(self._statics) > 20_000:
                self._statics.clear()
            static = QtGui.QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setPerformanceHint(QtGui.QStaticText.PerformanceHint.AggressiveCaching)
            static.prepare(QtGui.QTransform(), font)
            self._statics[key] = static
        return static

    def draw_line(self, painter: QPainter, rect: QRect, text: str, font: QFont | None = None,
                  right: bool = False) -> None:
        """One line of text vertically centred in ``rect`` (right-aligned if asked)."""
        font = font or self._font
        static = self._static(text, font)
        size = static.size()
        x = rect.right() - size.width() if right else rect.left()
        y = rect.top() + (rect.height() - size.height()) / 2
        painter.setFont(font)
        painter.drawStaticText(QtCore.QPointF(x, y), static)

    def _chip_text(self, row: PostRow, when: datetime | None, width: int) -> str:
        key = (row.id, when, width, row.caption, self._model.tz)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) > 20_000:
                self._texts.clear()
            local = when.astimezone(self._model.tz) if when else None
            stamp = f"{local.hour:02d}:{local.minute:02d}  " if local else ""
            # No glyph is narrower than ~3 px at this size: laying out more characters than
            # could ever fit only makes elidedText slower.
            caption = " ".join(row.caption[: max(8, width // 3)].split())
            text = self._fm.elidedText(stamp + caption, Qt.TextElideMode.ElideRight, width)
            self._texts[key] = text
        return text

    def paint_chip(self, painter: QPainter, rect: QRect, row: PostRow,
                   ghost: bool = False) -> None:
        """Draw one chip; a chip's pixmap is cached by what it shows, so a change elsewhere in
        the month (a move, a sync) redraws only the chips that changed."""
        if ghost:
            self._draw_chip(painter, rect, row, ghost=True)
            return
        key = self._chip_key(row, rect.width(), rect.height(), row.id == self.selected_id)
        pixmap = self._chips.get(key)
        if pixmap is not None:
            painter.drawPixmap(rect.topLeft(), pixmap)
            return
        # First sight: draw straight away (a pixmap first would double the cost of a first
        # paint) and cache the chip when the app is idle, for the paints after the next change.
        self._draw_chip(painter, rect, row)
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        self._todo[key] = (row, rect.width(), rect.height(), ratio)
        if not self._idle_armed:
            self._idle_armed = True
            self._idle.start()

    def _chip_key(self, row: PostRow, width: int, height: int,
                  selected: bool) -> tuple[object, ...]:
        model = self._model
        return (row.id, width, height, row.status, model.when_of(row), row.caption, selected,
                model.move_of(row.id) is not None, model.tz, row.platform)

    def warm(self, cells: list[tuple[QRect, Cell]], ratio: float = 1.0) -> None:
        """Cache, when idle, the chips these cells would show (the months either side)."""
        for rect, cell in cells:
            for chip_rect, row in self.layout(rect, cell)[0]:
                key = self._chip_key(row, chip_rect.width(), chip_rect.height(), False)
                if key not in self._chips:
                    self._todo[key] = (row, chip_rect.width(), chip_rect.height(), ratio)
        if self._todo and not self._idle_armed:
            self._idle_armed = True
            self._idle.start()

    def _cache_chips(self, budget: int = 60) -> None:
        """Render waiting chips into pixmaps, a few at a time so the UI never stalls."""
        self._idle_armed = False
        if len(self._chips) > 2_000:
            self._chips.clear()
        while self._todo and budget > 0:
            key, (row, width, height, ratio) = self._todo.popitem()
            pixmap = QtGui.QPixmap(int(width * ratio), int(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            inner = QPainter(pixmap)
            inner.setFont(self._font)
            selected, self.selected_id = self.selected_id, (row.id if key[6] else None)
            self._draw_chip(inner, QRect(0, 0, width, height), row)
            self.selected_id = selected
            inner.end()
            self._chips[key] = pixmap
            budget -= 1
        if self._todo and not self._idle_armed:
            self._idle_armed = True
            self._idle.start()

    def _draw_chip(self, painter: QPainter, rect: QRect, row: PostRow,
                   ghost: bool = False) -> None:
        c = colours()
        model = self._model
        move = model.move_of(row.id)
        brand_hex = PLATFORM_COLOURS.get(row.platform, "#8A8F98")
        published = row.status == "published"
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if ghost:
            painter.setOpacity(0.8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c.alt_base) if published else _tint(brand_hex, 34))
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top() + 1, 3, rect.height() - 2),
                         QColor(brand_hex))
        pen_colour = None
        if row.id == self.selected_id or ghost:
            pen_colour, width, style = QColor(c.accent), 2.0, Qt.PenStyle.SolidLine
        elif move is not None:
            pen_colour, width, style = QColor(c.accent), 1.2, Qt.PenStyle.DashLine
        elif row.status == "failed":
            pen_colour, width, style = QColor(c.danger), 1.0, Qt.PenStyle.SolidLine
        if pen_colour is not None:
            painter.setPen(QtGui.QPen(pen_colour, width, style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        platform_icon(row.platform).paint(painter, QRect(rect.left() + 6, rect.top() + 3, 12, 12))
        x = rect.left() + 22
        right = rect.right() - 4
        tag = _tag(row, move is not None)
        if tag:
            tag_w = self._fm.horizontalAdvance(tag) + 4
            if right - tag_w - x > 40:
                painter.setPen(QColor(c.danger if row.status == "failed" else
                                      c.accent if move is not None else c.muted))
                self.draw_line(painter, QRect(right - tag_w, rect.top(), tag_w, rect.height()),
                               tag, right=True)
                right -= tag_w + 2
        width = max(0, right - x)
        painter.setPen(QColor(c.muted if published else c.text))
        painter.setFont(self._font)
        painter.drawText(QRect(x, rect.top(), width, rect.height()),
                         int(Qt.AlignmentFlag.AlignVCenter),
                         self._chip_text(row, model.when_of(row), width))
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
