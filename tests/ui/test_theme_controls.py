"""Controls say their state in both themes: an unticked box is visible (its outline 3:1 against
what it sits on, WCAG's bar for controls), and a disabled field or button looks disabled."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
)

from tests.ui.contrast import ratio


@pytest.fixture(params=["light", "dark"])
def theme(request: Any, qapp: Any) -> Iterator[str]:
    from s200desk.ui.theme import apply_theme

    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "light")


def _pixels(widget: Any) -> list[int]:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return list(memoryview(bytes(image.constBits())).cast("I"))


def _fill(widget: Any) -> int:
    """The colour most of the widget is painted in."""
    return Counter(_pixels(widget)).most_common(1)[0][0]


@pytest.mark.parametrize("kind", ["check box", "radio button"])
def test_an_unticked_box_is_outlined_clearly(theme: str, kind: str, qtbot: Any) -> None:
    from s200desk.ui.theme import colours

    box = QCheckBox() if kind == "check box" else QRadioButton()
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    option = QStyleOptionButton()
    box.initStyleOption(option)
    element = (QStyle.SubElement.SE_CheckBoxIndicator if kind == "check box"
               else QStyle.SubElement.SE_RadioButtonIndicator)  # fmt: skip
    rect = box.style().subElementRect(element, option, box)
    image = box.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    crop = image.copy(rect)
    pixels = set(memoryview(bytes(crop.constBits())).cast("I"))
    window = 0xFF000000 | int(colours().window.lstrip("#"), 16)
    outline = max(ratio(window, p) for p in pixels)
    assert outline >= 3.0, f"{theme}: an unticked {kind} stands out {outline:.2f}:1 from the window"


def test_an_unticked_box_in_a_list_is_outlined_clearly(theme: str, qtbot: Any) -> None:
    """The composer's "Post to" list: a profile's box must show before it is ticked."""
    from s200desk.ui.theme import colours

    profiles = QListWidget()
    qtbot.addWidget(profiles)
    profiles.resize(300, 80)
    item = QListWidgetItem("Instagram · @lumenstudio", profiles)
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
    item.setCheckState(Qt.CheckState.Unchecked)
    profiles.show()
    row = profiles.visualItemRect(item)
    image = profiles.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    crop = image.copy(QRect(row.left(), row.top(), 24, row.height()))
    pixels = set(memoryview(bytes(crop.constBits())).cast("I"))
    base = 0xFF000000 | int(colours().base.lstrip("#"), 16)
    outline = max(ratio(base, p) for p in pixels)
    assert outline >= 3.0, f"{theme}: an unticked box in a list stands out {outline:.2f}:1"


def test_a_disabled_field_and_button_look_disabled(theme: str, qtbot: Any) -> None:
    fields = []
    for enabled in (True, False):
        field = QLineEdit("All platforms")
        button = QPushButton("Save")
        button.setObjectName("primaryButton")
        for w in (field, button):
            qtbot.addWidget(w)
            w.resize(160, 30)
            w.setEnabled(enabled)
        fields.append((_fill(field), _fill(button)))
    (field_on, button_on), (field_off, button_off) = fields
    assert field_off != field_on, f"{theme}: a disabled field is painted like an enabled one"
    assert button_off != button_on, f"{theme}: a disabled button is painted like an enabled one"
