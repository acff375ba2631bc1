"""How one library tile is painted: thumbnail, name, type · size, file id or state, progress."""

from __future__ import annotations

from s200desk.ui.media.model import (
    STATE_WORDS,
    FileIdRole,
    ProgressRole,
    RecordRole,
    SizeTextRole,
    StateRole,
    TypeLabelRole,
)
from s200desk.ui.media.thumbnails import THUMB
from s200desk.ui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QModelIndex,
    QPainter,
    QPalette,
    QPixmap,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)
from s200desk.ui.qt import QtModelIndex as _Index
from s200desk.ui.theme import colours

PAD = 8
TILE = QSize(THUMB.width() + 2 * PAD, THUMB.height() + 3 * PAD + 50)


def state_colour(state: str) -> str:
    """An item's state line, in the theme's colours (readable on light and dark tiles)."""
    c = colours()
    return {"failed": c.danger, "cancelled": c.muted, "ready": c.success}.get(state, c.accent_soft)


class MediaTileDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return TILE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect.adjusted(3, 3, -3, -3)
        pal: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(pal.color(QPalette.ColorRole.Highlight) if selected
                       else pal.color(QPalette.ColorRole.Mid))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 6, 6)

        thumb_area = QRect(rect.left() + PAD - 3, rect.top() + PAD - 3,
                           THUMB.width(), THUMB.height())
        pix = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pix, QPixmap) and not pix.isNull():
            scaled = pix.size().scaled(thumb_area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(thumb_area.center())
            painter.fillRect(thumb_area, QColor(0, 0, 0, 18))
            painter.drawPixmap(target, pix)

        progress = index.data(ProgressRole)
        state = index.data(StateRole)
        if progress is not None and state in ("queued", "hosting"):
            bar = QRect(thumb_area.left(), thumb_area.bottom() - 6, thumb_area.width(), 6)
            painter.fillRect(bar, QColor(0, 0, 0, 90))
            done = QRect(bar.left(), bar.top(), int(bar.width() * float(progress)), bar.height())
            painter.fillRect(done, pal.color(QPalette.ColorRole.Highlight))

        text_left = rect.left() + PAD - 3
        width = rect.width() - 2 * (PAD - 3)
        y = thumb_area.bottom() + PAD
        font = QFont(option.font)
        bold = QFont(font)
        bold.setBold(True)
        fm = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        name = fm.elidedText(str(index.data(Qt.ItemDataRole.DisplayRole)),
                             Qt.TextElideMode.ElideMiddle, width)
        painter.drawText(QRect(text_left, y, width, fm.height()), Qt.AlignmentFlag.AlignLeft, name)
        y += fm.height() + 1

        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        sfm = QFontMetrics(small)
        painter.setFont(small)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        meta = f"{index.data(TypeLabelRole)} · {index.data(SizeTextRole)}"
        painter.drawText(QRect(text_left, y, width, sfm.height()), Qt.AlignmentFlag.AlignLeft,
                         sfm.elidedText(meta, Qt.TextElideMode.ElideRight, width))
        y += sfm.height() + 1

        file_id = index.data(FileIdRole)
        if file_id:
            line = f"id {file_id}"
            colour = pal.color(QPalette.ColorRole.PlaceholderText)
        else:
            line = STATE_WORDS.get(str(state), str(state))
            if progress is not None and state == "hosting":
                line += f" {int(float(progress) * 100)}%"
            rec = index.data(RecordRole)
            if state == "failed" and rec is not None and rec.error:
                line = f"Failed: {rec.error}"
            colour = QColor(state_colour(str(state)))
        painter.setPen(colour)
        painter.drawText(QRect(text_left, y, width, sfm.height()), Qt.AlignmentFlag.AlignLeft,
                         sfm.elidedText(line, Qt.TextElideMode.ElideMiddle if file_id
                                        else Qt.TextElideMode.ElideRight, width))
        painter.restore()


__all__ = ["TILE", "MediaTileDelegate", "QModelIndex"]
