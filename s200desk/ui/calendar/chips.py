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
from s200desk.ui.theme import Colours, colours

if TYPE_CHECKING:
    from s200desk.ui.calendar.model import CalendarModel

CHIP_H = 18
REPEAT_MARK = "↻"  # a post a repeating series made
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
_DAY_LABELS = [str(n) for n in range(32)]


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
        metrics = self._fmf = QtGui.QFontMetricsF(self._font)
        # Where drawText(rect, AlignVCenter, …) puts a line's baseline, without laying it out
        # a second time to find out.
        self._line_h = metrics.height()
        self._ascent = metrics.ascent()
        bold = QtGui.QFontMetricsF(self._bold)
        self._bold_widths = [bold.horizontalAdvance(label) for label in _DAY_LABELS]
        self._bold_dy = (16 - bold.height()) / 2 + bold.ascent()  # in the day number's box
        self._cells: dict[tuple[object, ...], QtGui.QPixmap] = {}
        self._texts: dict[tuple[object, ...], str] = {}
        self._widths: dict[str, float] = {}
        self._statics: dict[tuple[str, bool], QtGui.QStaticText] = {}
        self._faces: dict[tuple[object, ...], QtGui.QPixmap] = {}
        self._faces_for: object = None
        self._tag_widths: dict[str, int] = {}
        self._colours: dict[str, QColor] = {}
        self._todo: dict[tuple[object, ...], tuple[PostRow, int]] = {}
        self._cell_todo: dict[tuple[object, ...], tuple[Cell, int, int, bool, float, QColor]] = {}
        self._idle_armed = False
        # A child timer, not QTimer.singleShot(0, callable): it dies with the delegate, so it
        # can never fire into a view that is gone.
        self._idle = QtCore.QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._on_idle)
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
    # change. Drawing a cell for the first time is kept cheap: only the chips that fit are
    # looked at, a chip is a ready-made face pixmap (tinted body, brand stripe, border, glyph:
    # one per platform and style) plus one line of text elided once per content, and the texts
    # that repeat (day numbers, tags, "+N more") are laid out once.

    def invalidate(self) -> None:
        """Forget the rendered cells (the posts changed); texts are cached by content and stay."""
        self._cells.clear()
        self._cell_todo.clear()

    def pending(self) -> bool:
        """Whether idle work is waiting (cells to render, neighbouring months' texts)."""
        return bool(self._todo or self._cell_todo)

    def forget_texts(self) -> None:
        """Also drop laid-out texts and chip faces (benchmarks: a paint with nothing cached)."""
        self._cells.clear()
        self._cell_todo.clear()
        self._texts.clear()
        self._statics.clear()
        self._faces.clear()
        self._widths.clear()
        self._tag_widths.clear()
        self._todo.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QtModelIndex) -> None:
        cell = cell_of(index)
        if cell is None:
            return
        rect: QRect = option.rect
        focus = bool(option.state & QStyle.StateFlag.State_HasFocus)
        selected = self._shown_selection(cell, rect.height())
        key = (cell.day, cell.hour, rect.width(), rect.height(), focus, selected, cell.today,
               cell.past, cell.in_month, id(cell.rows), len(cell.rows))
        pixmap = self._cells.get(key)
        if pixmap is not None:
            painter.drawPixmap(rect.topLeft(), pixmap)
            return
        # First sight of the cell as it is now: draw it straight onto the view (rendering a
        # pixmap first and copying it costs more), and render its pixmap once the app is idle
        # for the repaints that follow (focus, a selection elsewhere, the drag overlay).
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        painter.save()
        painter.setClipRect(rect)
        self._paint_cell(painter, rect, cell, focus, ratio)
        painter.restore()
        self._cell_todo[key] = (cell, rect.width(), rect.height(), focus, ratio,
                                option.palette.color(QtGui.QPalette.ColorRole.Base))
        self._arm_idle()

    def _shown_selection(self, cell: Cell, height: int) -> str | None:
        """The selected post if its chip is drawn in ``cell`` (not one behind "+N more")."""
        selected = self.selected_id
        if selected is None:
            return None
        shown = self.capacity(QRect(0, 0, 1, height), len(cell.rows))
        return selected if any(r.id == selected for r in cell.rows[:shown]) else None

    def _cache_cell(self, key: tuple[object, ...], cell: Cell, width: int, height: int,
                    focus: bool, ratio: float, base: QColor) -> None:
        if key in self._cells or key[5] != self._shown_selection(cell, height):
            return  # cached meanwhile, or the selection moved: the next paint sees to it
        if len(self._cells) > 600:
            self._cells.clear()
        pixmap = QtGui.QPixmap(int(width * ratio), int(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        # Opaque, in the colour the view paints under its cells: copying it back is a plain
        # blit and text lands on solid pixels, both cheaper than blending over transparency.
        pixmap.fill(base)
        inner = QPainter(pixmap)
        self._paint_cell(inner, QRect(0, 0, width, height), cell, focus, ratio)
        inner.end()
        self._cells[key] = pixmap

    def _paint_cell(self, painter: QPainter, rect: QRect, cell: Cell, focus: bool,
                    ratio: float = 1.0) -> None:
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
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for chip_rect, row in chips:
            self._draw_chip(painter, chip_rect, row, ratio)
        if more is not None:  # a link: clicking it lists the whole day
            painter.setPen(self._colour(c.accent_soft))
            self.draw_text(painter, more, f"+{len(cell.rows) - len(chips)} more")

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
        label = _DAY_LABELS[cell.day.day]
        inset = (num.width() - self._bold_widths[cell.day.day]) / 2
        painter.setFont(self._bold)
        painter.drawText(QtCore.QPointF(num.left() + int(inset), self._bold_dy + num.top()), label)
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
            full = self._elide(full, rect.width())
            painter.setPen(QColor(c.danger))
            self.draw_text(painter, rect, full)
            right = rect.adjusted(int(self._width(full)) + 6, 0, 0, 0)
        if rest and right.width() > 20:
            painter.setPen(QColor(c.muted))
            self.draw_text(painter, right, self._elide(rest, right.width()), right=True)

    def _elide(self, text: str, width: int) -> str:
        key = (text, width)
        elided = self._texts.get(key)
        if elided is None:
            if len(self._texts) > 20_000:
                self._texts.clear()
            elided = self._texts[key] = self._fm.elidedText(text, Qt.TextElideMode.ElideRight,
                                                            width)
        return elided

    def _width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) > 20_000:
                self._widths.clear()
            width = self._widths[text] = self._fmf.horizontalAdvance(text)
        return width

    def _tag_width(self, tag: str) -> int:
        width = self._tag_widths.get(tag)
        if width is None:
            width = self._tag_widths[tag] = self._fm.horizontalAdvance(tag) + 4
        return width

    def _static(self, text: str, font: QFont) -> QtGui.QStaticText:
        """Laid-out text, cached: for the short strings every month repeats (day numbers, tags,
        "+N more"); a one-off string is cheaper drawn with :meth:`draw_text`."""
        key = (text, font.bold())
        static = self._statics.get(key)
        if static is None:
            if len(self._statics) > 2_000:
                self._statics.clear()
            static = QtGui.QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.setPerformanceHint(QtGui.QStaticText.PerformanceHint.AggressiveCaching)
            static.prepare(QtGui.QTransform(), font)
            self._statics[key] = static
        return static

    def draw_line(self, painter: QPainter, rect: QRect, text: str, font: QFont | None = None,
                  right: bool = False) -> None:
        """One often repeated line of text vertically centred in ``rect`` (right-aligned if
        asked), laid out once."""
        font = font or self._font
        static = self._static(text, font)
        size = static.size()
        x = rect.right() - size.width() if right else rect.left()
        y = rect.top() + (rect.height() - size.height()) / 2
        painter.setFont(font)
        painter.drawStaticText(QtCore.QPointF(x, y), static)

    def draw_text(self, painter: QPainter, rect: QRect, text: str, right: bool = False) -> None:
        """One line in the regular font, vertically centred in ``rect``, laid out as it is
        drawn."""
        x = rect.right() - self._width(text) if right else rect.left()
        y = rect.top() + (rect.height() - self._line_h) / 2 + self._ascent
        painter.setFont(self._font)
        painter.drawText(QtCore.QPointF(x, y), text)

    def _chip_text(self, row: PostRow, when: datetime | None, width: int) -> str:
        repeats = row.id in self._model.series_posts
        key = (row.id, when, width, row.caption, self._model.tz, repeats)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) > 20_000:
                self._texts.clear()
            local = when.astimezone(self._model.tz) if when else None
            stamp = f"{local.hour:02d}:{local.minute:02d}  " if local else ""
            stamp = f"{REPEAT_MARK} {stamp}" if repeats else stamp
            # No glyph is narrower than ~3 px at this size: laying out more characters than
            # could ever fit only makes elidedText slower.
            caption = " ".join(row.caption[: max(8, width // 3)].split())
            text = self._fm.elidedText(stamp + caption, Qt.TextElideMode.ElideRight, width)
            self._texts[key] = text
        return text

    def paint_chip(self, painter: QPainter, rect: QRect, row: PostRow,
                   ghost: bool = False) -> None:
        """Draw one chip (the agenda's rows, the chip under the cursor while dragging)."""
        painter.save()
        painter.setFont(self._font)
        if ghost:
            painter.setOpacity(0.8)
        device = painter.device()
        self._draw_chip(painter, rect, row,
                        device.devicePixelRatioF() if device is not None else 1.0, ghost)
        painter.restore()

    def warm(self, cells: list[tuple[QRect, Cell]]) -> None:
        """Elide, when idle, the texts of the chips these cells would show (the months either
        side), so switching to them lays out no chip text."""
        for rect, cell in cells:
            for chip_rect, row in self.layout(rect, cell)[0]:
                width = self._text_width(row, chip_rect.width())
                key = (row.id, self._model.when_of(row), width, row.caption, self._model.tz,
                       row.id in self._model.series_posts)  # fmt: skip
                if key not in self._texts:
                    self._todo[key] = (row, width)
        if self._todo:
            self._arm_idle()

    def _arm_idle(self) -> None:
        if not self._idle_armed:
            self._idle_armed = True
            self._idle.start()

    def _on_idle(self, cells: int = 8, texts: int = 150) -> None:
        """Render waiting cells, then elide waiting chip texts, a slice at a time so the UI
        never stalls (each slice takes a few milliseconds)."""
        self._idle_armed = False
        while self._cell_todo and cells > 0:
            key, job = next(iter(self._cell_todo.items()))
            del self._cell_todo[key]
            self._cache_cell(key, *job)
            cells -= 1
        model = self._model
        while self._todo and texts > 0:
            _, (row, width) = self._todo.popitem()
            self._chip_text(row, model.when_of(row), width)
            texts -= 1
        if self.pending():
            self._arm_idle()

    def _face(self, platform: str, published: bool, border: str, width: int, height: int,
              ratio: float) -> QtGui.QPixmap:
        """A chip without its text: tinted body, brand stripe, border and platform glyph.

        A handful exist (platforms x styles x chip sizes) and they depend on nothing a post
        says, so each is drawn once and every chip of that kind is one pixmap copy."""
        c = colours()
        if self._faces_for is not c:
            self._faces.clear()
            self._faces_for = c
        key = (platform, published, border, width, height, ratio)
        face = self._faces.get(key)
        if face is not None:
            return face
        if len(self._faces) > 500:
            self._faces.clear()
        # One pixel of margin: a border drawn on the chip's edge reaches half a pixel beyond it.
        face = QtGui.QPixmap(round((width + 2) * ratio), round((height + 2) * ratio))
        face.setDevicePixelRatio(ratio)
        face.fill(Qt.GlobalColor.transparent)
        painter = QPainter(face)
        painter.translate(1, 1)
        rect = QRect(0, 0, width, height)
        brand_hex = _stripe_colour(platform, c)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c.alt_base) if published else _tint(brand_hex, 34))
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        painter.fillRect(QRect(0, 1, 3, height - 2), QColor(brand_hex))
        if border:
            pen_colour, pen_width, style = {
                "selected": (c.accent, 2.0, Qt.PenStyle.SolidLine),
                "moving": (c.accent, 1.2, Qt.PenStyle.DashLine),
                "failed": (c.danger, 1.0, Qt.PenStyle.SolidLine),
            }[border]
            painter.setPen(QtGui.QPen(QColor(pen_colour), pen_width, style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        platform_icon(platform).paint(painter, QRect(6, 3, 12, 12))
        painter.end()
        self._faces[key] = face
        return face

    def _text_width(self, row: PostRow, chip_width: int, moving: bool = False) -> int:
        """Room left for the time and caption once the glyph and any status tag are placed."""
        right = chip_width - 5
        tag = _tag(row, moving)
        if tag:
            tag_w = self._tag_width(tag)
            if right - tag_w - 22 > 40:
                right -= tag_w + 2
        return max(0, right - 22)

    def _draw_chip(self, painter: QPainter, rect: QRect, row: PostRow, ratio: float,
                   ghost: bool = False) -> None:
        """One chip: its face, then any status tag, then the time and caption."""
        c = colours()
        model = self._model
        moving = model.move_of(row.id) is not None
        status = row.status
        published = status == "published"
        if ghost or row.id == self.selected_id:
            border = "selected"
        elif moving:
            border = "moving"
        elif status == "failed":
            border = "failed"
        else:
            border = ""
        left, top, height = rect.left(), rect.top(), rect.height()
        painter.drawPixmap(left - 1, top - 1,
                           self._face(row.platform, published, border, rect.width(), height,
                                      ratio))
        x = left + 22
        right = rect.right() - 4
        tag = _tag(row, moving)
        if tag:
            tag_w = self._tag_width(tag)
            if right - tag_w - x > 40:
                painter.setPen(self._colour(c.danger if status == "failed" else
                                            c.accent if moving else c.muted))
                self.draw_line(painter, QRect(right - tag_w, top, tag_w, height), tag,
                               right=True)
                right -= tag_w + 2
        width = max(0, right - x)
        painter.setPen(self._colour(c.muted if published else c.text))
        painter.setFont(self._font)
        painter.drawText(QtCore.QPointF(x, top + (height - self._line_h) / 2 + self._ascent),
                         self._chip_text(row, model.when_of(row), width))

    def _colour(self, name: str) -> QColor:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour


def _tag(row: PostRow, moving: bool) -> str:
    if moving:
        return "moving…"
    if row.status == "scheduled":
        return ""
    if row.status == "published":
        return "✓"
    return status_label(row.status).lower()


def _stripe_colour(platform: str, c: Colours) -> str:
    """The platform's colour for a chip's stripe, made lighter on a dark theme until it stands
    out 3:1 from the chip (TikTok's and X's near-black, LinkedIn's blue vanished there)."""
    brand = QColor(PLATFORM_COLOURS.get(platform, "#8A8F98"))
    base = QColor(c.base)
    if base.lightness() >= 128:
        return str(brand.name())
    for _ in range(6):
        if _contrast(brand, base) >= 3.0:
            break
        brand = QColor(c.text) if brand.lightness() < 40 else brand.lighter(130)
    return str(brand.name())


def _contrast(a: QColor, b: QColor) -> float:
    def lum(q: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(q.redF()) + 0.7152 * ch(q.greenF()) + 0.0722 * ch(q.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _tint(hex_colour: str, alpha: int) -> QColor:
    colour = QColor(hex_colour)
    colour.setAlpha(alpha)
    return colour


def chip_tooltip(row: PostRow, model: CalendarModel) -> str:
    when: datetime | None = model.when_of(row)
    stamp = when.astimezone(model.tz).strftime("%a %d %b %Y, %H:%M") if when else "—"
    state = "moving…" if model.move_of(row.id) else status_label(row.status)
    caption = row.caption if len(row.caption) <= 280 else row.caption[:279] + "…"
    repeats = "\nRepeats: one post of a series" if row.id in model.series_posts else ""
    return (
        f"{platform_label(row.platform)} · {row.account_id}\n{stamp} · {state}{repeats}"
        f"\n\n{caption}"
    )
