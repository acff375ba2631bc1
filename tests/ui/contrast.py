"""WCAG contrast measured from rendered pixels (the looks-right suite's yardstick).

A text's contrast is taken from what is on screen: the grab of the whole window, cropped to the
widget; its background is the crop's most common colour, its text the pixel that differs most
from that background (anti-aliased glyph stems reach the text's full colour). A border or an
icon drawn with more contrast than the text could hide a faint text, never fail a good one: the
measure errs on the lenient side, so a failure is always real.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

AA_NORMAL = 4.5
AA_LARGE = 3.0


def luminance(rgb: int) -> float:
    """WCAG relative luminance of a 0xAARRGGBB pixel."""
    channels = ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF)
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: int, b: int) -> float:
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def text_contrast(image: Any, rect: Any) -> float | None:
    """The contrast of the text drawn in ``rect`` of ``image`` (None: nothing drawn there)."""
    rect = rect.intersected(image.rect())
    if rect.width() < 2 or rect.height() < 2:
        return None
    from PySide6.QtGui import QImage

    crop = image.copy(rect).convertToFormat(QImage.Format.Format_RGB32)
    pixels = memoryview(bytes(crop.constBits())).cast("I")  # 0xFFRRGGBB, one per pixel
    counts: Counter[int] = Counter(pixels)
    background = counts.most_common(1)[0][0]
    best = max((ratio(background, colour) for colour in counts), default=1.0)
    return best if len(counts) > 1 else None


def is_large(font: Any) -> bool:
    """WCAG large text: 18 pt, or 14 pt bold (24 px / 18.66 px at 96 dpi)."""
    px = font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72
    return px >= 24 or (font.bold() and px >= 18.66)


@dataclass
class Finding:
    where: str
    text: str
    contrast: float
    needed: float

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r} {self.contrast:.2f}:1 < {self.needed}:1"


def widget_text(widget: Any) -> str:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit

    if isinstance(widget, QLabel):
        return "" if widget.pixmap() is not None and not widget.pixmap().isNull() \
            else widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return ""


def on_screen(widget: Any, root: Any) -> bool:
    """Shown, enabled, and at least half of it in view: a row cut by a scroll area's edge
    shows slivers of glyphs, whose contrast says nothing about how the text reads."""
    seen = widget.visibleRegion().boundingRect()
    return (widget.isVisibleTo(root) and widget.isEnabled() and not seen.isEmpty()
            and widget.width() > 2 and seen.height() * 2 >= widget.height())


def check_texts(root: Any, where: str) -> tuple[list[Finding], int]:
    """Every visible, enabled text widget under ``root`` against WCAG AA; (failures, checked)."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    image = root.grab().toImage()
    findings: list[Finding] = []
    checked = 0
    for widget in root.findChildren(QWidget):
        text = widget_text(widget).strip()
        if not text or not on_screen(widget, root):
            continue
        region = widget.visibleRegion().boundingRect()
        top_left = widget.mapTo(root, region.topLeft())
        contrast = text_contrast(image, QRect(top_left, region.size()))
        if contrast is None:
            continue
        checked += 1
        needed = AA_LARGE if is_large(widget.font()) else AA_NORMAL
        if contrast < needed:
            name = widget.objectName() or type(widget).__name__
            findings.append(Finding(f"{where} {name}", text[:40], contrast, needed))
    return findings, checked


def check_selected_entries(root: Any, where: str) -> list[Finding]:
    """The selected entry of every visible list and drop-down under ``root`` is readable."""
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

    findings: list[Finding] = []
    for combo in root.findChildren(QComboBox):
        if not on_screen(combo, root) or combo.count() < 2:
            continue
        combo.showPopup()
        for _ in range(3):
            QApplication.processEvents()
        view = combo.view()
        rect = view.visualRect(view.currentIndex())
        contrast = text_contrast(view.viewport().grab().toImage(), rect)
        combo.hidePopup()
        name = combo.accessibleName() or combo.objectName() or "drop-down"
        if contrast is None or contrast < AA_NORMAL:
            findings.append(Finding(f"{where} {name} (open)", combo.currentText(),
                                    contrast or 1.0, AA_NORMAL))
    for view in root.findChildren(QAbstractItemView):
        if not on_screen(view, root) or isinstance(view.parentWidget(), QComboBox):
            continue
        selected = view.selectionModel().selectedIndexes() if view.selectionModel() else []
        if not selected:
            continue
        index = selected[0]
        rect = view.visualRect(index)
        if not str(index.data() or "").strip() or not view.viewport().rect().intersects(rect):
            continue
        contrast = text_contrast(view.viewport().grab().toImage(), rect)
        name = view.accessibleName() or view.objectName() or type(view).__name__
        if contrast is None or contrast < AA_NORMAL:
            findings.append(Finding(f"{where} {name} (selected)", str(index.data())[:40],
                                    contrast or 1.0, AA_NORMAL))
    return findings
