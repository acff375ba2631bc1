"""A keyboard user sees where the focus is: in both themes, every kind of control the app uses
looks different enough when focused (3:1 between the focused and unfocused pixels, WCAG 2.4.11)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from contrast import ratio

FOCUS_CONTRAST = 3.0


@pytest.fixture(params=["light", "dark"])
def themed(request: Any, qapp: Any) -> Iterator[str]:
    from s200desk.ui.theme import apply_theme

    apply_theme(qapp, request.param)
    try:
        yield request.param
    finally:
        apply_theme(qapp, "light")


def pixels(widget: Any) -> list[int]:
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return list(memoryview(bytes(image.constBits())).cast("I"))


def focus_change(widget: Any, away: Any, qtbot: Any) -> tuple[float, int]:
    """(the strongest contrast between a pixel unfocused and focused, how many pixels changed)."""
    from PySide6.QtCore import Qt

    away.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: away.hasFocus())
    before = pixels(widget)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: widget.hasFocus())
    after = pixels(widget)
    assert len(before) == len(after), "the control changed size when focused"
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    return max((ratio(a, b) for a, b in changed), default=1.0), len(changed)


def test_every_kind_of_control_shows_its_focus(themed: str, qtbot: Any) -> None:
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QLineEdit,
        QListWidget,
        QPushButton,
        QRadioButton,
        QToolButton,
        QVBoxLayout,
        QWidget,
    )

    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    away = QLineEdit(root)
    plain = QPushButton("Today", root)
    primary = QPushButton("New post", root)
    primary.setObjectName("primaryButton")
    danger = QPushButton("Cancel post", root)
    danger.setObjectName("dangerButton")
    tool = QToolButton(root)
    tool.setText("‹")
    field = QLineEdit(root)
    combo = QComboBox(root)
    combo.addItems(["All platforms", "TikTok"])
    check = QCheckBox("Notify when a post fails", root)
    radio = QRadioButton("Now", root)
    listing = QListWidget(root)
    listing.addItems(["one", "two"])
    controls = {"button": plain, "primary button": primary, "danger button": danger,
                "tool button": tool, "text field": field, "drop-down": combo,
                "check box": check, "radio button": radio, "list": listing}
    for widget in (away, *controls.values()):
        column.addWidget(widget)
    root.show()
    root.activateWindow()
    qtbot.waitUntil(lambda: root.isActiveWindow())

    faint = []
    for name, widget in controls.items():
        strongest, count = focus_change(widget, away, qtbot)
        # A ring, not a speck: at least one side's length of pixels changes.
        if strongest < FOCUS_CONTRAST or count < min(widget.width(), widget.height()):
            faint.append(f"{name}: {strongest:.2f}:1 over {count} px")
    assert not faint, f"{themed}: focus hard to see on " + "; ".join(faint)
