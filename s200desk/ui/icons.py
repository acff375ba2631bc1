"""Platform brand glyphs and the app icon, from ``resources/icons`` with a painted fallback.

The SVGs live in the source tree's ``resources/``; an install without them (a bare wheel) still
gets a coloured rounded square with the platform's initial, so an icon is never missing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from s200desk.services.platform_names import platform_name
from s200desk.ui.qt import QColor, QFont, QIcon, QPainter, QPixmap, QRectF, Qt

PLATFORM_COLOURS: dict[str, str] = {
    "tiktok": "#111111",
    "instagram": "#D62976",
    "facebook": "#1877F2",
    "youtube": "#FF0033",
    "x": "#111111",
    "linkedin": "#0A66C2",
    "pinterest": "#E60023",
    "threads": "#111111",
}


@cache
def resources_dir() -> Path:
    """Icons and the .desktop entry: ``s200desk/resources`` in an installed wheel, else the
    source tree's (or the frozen bundle's) top-level ``resources/``. Found once: each look
    resolves the path on disk (a dozen times while the first frame is built)."""
    packaged = Path(__file__).resolve().parents[1] / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def platform_label(platform: str) -> str:
    """The platform's name as its users write it."""
    return platform_name(platform) if platform else "Unknown"


def _painted_glyph(platform: str, size: int = 64) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(PLATFORM_COLOURS.get(platform, "#8A8F98")))
    painter.drawRoundedRect(QRectF(2, 2, size - 4, size - 4), size * 0.22, size * 0.22)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.5))
    painter.setFont(font)
    painter.setPen(QColor("#FFFFFF"))
    painter.drawText(
        QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, (platform[:1] or "?").upper()
    )
    painter.end()
    return pixmap


@cache
def platform_icon(platform: str) -> QIcon:
    """The brand glyph of ``platform`` (``tiktok``, ``instagram`` …)."""
    svg = resources_dir() / "icons" / "platforms" / f"{platform}.svg"
    if svg.is_file():
        icon = QIcon(str(svg))
        if not icon.isNull():
            return icon
    return QIcon(_painted_glyph(platform))


@cache
def app_icon() -> QIcon:
    """The application icon."""
    svg = resources_dir() / "icons" / "app.svg"
    if svg.is_file():
        return QIcon(str(svg))
    return QIcon(_painted_glyph("s200desk"))
