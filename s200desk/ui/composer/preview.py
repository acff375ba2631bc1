"""A card per target: roughly how the caption and media will look on that platform.

The card carries the platform's colour and name, the profile's name and handle, the caption cut
where that platform folds it (with its own "more"), a title where the platform shows one
(YouTube, Pinterest), and a thumbnail placeholder per media item in the platform's aspect
(9:16 for TikTok and Reels, 1:1 for Instagram images, 2:3 for Pins, 16:9 for YouTube).
"""

from __future__ import annotations

import html
from typing import Any

from s200desk.ui.composer.preview_text import preview_text
from s200desk.ui.composer.state import MediaItem
from s200desk.ui.icons import PLATFORM_COLOURS, platform_label
from s200desk.ui.qt import (
    QColor,
    QFont,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPixmap,
    QRectF,
    Qt,
    QtCore,
    QtGui,
    QVBoxLayout,
    QWidget,
)
from s200desk.ui.theme import set_tone

THUMB_HEIGHT = 168


def _aspect(platform: str, options: dict[str, Any], kind: str | None) -> float:
    """Width / height of the platform's media frame."""
    vertical = platform == "instagram" and options.get("postType") in ("reel", "story")
    if platform == "tiktok" or vertical:
        return 9 / 16
    if platform == "youtube":
        return 16 / 9
    if platform == "pinterest":
        return 2 / 3
    if platform == "instagram":
        return 1.0
    return 16 / 9 if kind == "video" else 4 / 3


def placeholder(kind: str | None, colour: str, width: int, height: int, label: str) -> QPixmap:
    """A painted stand-in for a media item: tinted frame, a play mark for videos, its name."""
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QColor(colour)
    fill = QColor(base)
    fill.setAlpha(40)
    painter.setBrush(fill)
    painter.setPen(QColor(base.red(), base.green(), base.blue(), 120))
    painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 6, 6)
    painter.setPen(QColor("#4B5563"))
    if kind == "video":
        painter.setBrush(QColor(255, 255, 255, 220))
        r = min(width, height) / 5
        cx, cy = width / 2, height / 2
        painter.drawEllipse(QRectF(cx - r, cy - r, 2 * r, 2 * r))
        painter.setBrush(QColor("#374151"))
        tri = QtGui.QPolygonF(
            [
                QtCore.QPointF(cx - r / 3, cy - r / 2),
                QtCore.QPointF(cx - r / 3, cy + r / 2),
                QtCore.QPointF(cx + r / 2, cy),
            ]
        )
        painter.drawPolygon(tri)
    font = QFont()
    font.setPointSize(7)
    painter.setFont(font)
    word = {"video": "VIDEO", "image": "IMAGE"}.get(kind or "", "MEDIA")
    painter.setPen(QColor("#374151"))
    painter.drawText(QRectF(4, height - 30, width - 8, 14), Qt.AlignmentFlag.AlignCenter, word)
    painter.drawText(
        QRectF(4, height - 16, width - 8, 14),
        Qt.AlignmentFlag.AlignCenter,
        painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideMiddle, width - 8),
    )
    painter.end()
    return pixmap


class PreviewCard(QFrame):
    """One target's preview; ``update_content`` redraws it from the composer's state."""

    def __init__(
        self, platform: str, account_id: str, display_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.platform = platform
        self.account_id = account_id
        colour = PLATFORM_COLOURS.get(platform, "#8A8F98")
        # The object name is used as a style-sheet selector: no '@' or dots from the handle.
        self.setObjectName("previewCard")
        self.setProperty("target", f"{platform}:{account_id}")
        self.setAccessibleName(f"{platform_label(platform)} preview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#previewCard {{ border: 1px solid #E4E4E7; border-top: 4px solid "
            f"{colour}; border-radius: 8px; background: palette(base); }}"
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 10)
        column.setSpacing(6)
        header = QHBoxLayout()
        badge = QLabel(platform_label(platform), self)
        badge.setStyleSheet(
            f"background: {colour}; color: white; border-radius: 4px; padding: 1px 6px;"
            " font-weight: 600; font-size: 11px;"
        )
        who = QLabel(
            f"<b>{html.escape(display_name)}</b> <span style='color:#6B7280'>"
            f"{html.escape(account_id)}</span>",
            self,
        )
        header.addWidget(badge)
        header.addWidget(who, 1)
        column.addLayout(header)
        self.title = QLabel(self)
        self.title.setObjectName("previewTitle")
        self.title.setAccessibleName("Title as shown")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        column.addWidget(self.title)
        self.media_row = QHBoxLayout()
        self.media_row.setSpacing(6)
        column.addLayout(self.media_row)
        self.caption = QLabel(self)
        self.caption.setObjectName("previewCaption")
        self.caption.setAccessibleName("Caption as shown")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.caption)
        self.meta = QLabel(self)
        self.meta.setObjectName("previewMeta")
        self.meta.setAccessibleName("When")
        self.meta.setStyleSheet("font-size: 11px;")
        set_tone(self.meta, "muted")
        column.addWidget(self.meta)

    def update_content(
        self, caption: str, options: dict[str, Any], media: list[MediaItem], when: str
    ) -> None:
        shown = preview_text(self.platform, caption, options)
        self.title.setText(shown.title or "")
        self.title.setVisible(bool(shown.title))
        body = html.escape(shown.body).replace("\n", "<br>") or (
            "<i style='color:#9CA3AF'>No caption yet</i>"
        )
        if shown.folded:
            body += f"<span style='color:#6B7280'>{html.escape(shown.more)}</span>"
        self.caption.setText(body)
        self.caption.setToolTip(caption if shown.folded else "")
        while self.media_row.count():
            old = self.media_row.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        colour = PLATFORM_COLOURS.get(self.platform, "#8A8F98")
        shown_media = media[:4]
        for item in shown_media:
            ratio = _aspect(self.platform, options, item.kind)
            width = max(40, int(THUMB_HEIGHT * ratio))
            thumb = QLabel(self)
            thumb.setPixmap(placeholder(item.kind, colour, width, THUMB_HEIGHT, item.label))
            thumb.setToolTip(item.label)
            self.media_row.addWidget(thumb)
        if len(media) > len(shown_media):
            self.media_row.addWidget(QLabel(f"+{len(media) - len(shown_media)}", self))
        self.media_row.addStretch(1)
        self.meta.setText(when)
