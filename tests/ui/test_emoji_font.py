"""Captions fall back to a colour emoji font (when one is installed) instead of empty boxes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from s200desk.ui.fonts import caption_font, emoji_families
from s200desk.ui.qt import QApplication, QtGui

ROOT = Path(__file__).resolve().parents[2]


def test_the_deb_recommends_an_emoji_font() -> None:
    control = (ROOT / "packaging" / "linux" / "control.in").read_text(encoding="utf-8")
    (recommends,) = [line for line in control.splitlines() if line.startswith("Recommends:")]
    assert "fonts-noto-color-emoji" in recommends


def families_drawing(text: str, font: Any) -> set[str]:
    layout = QtGui.QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


def test_a_caption_draws_letters_in_its_font_and_emoji_in_the_emoji_font(qapp: Any) -> None:
    found = emoji_families()
    if not found:
        pytest.skip("no colour emoji font installed here (apt install fonts-noto-color-emoji)")
    font = caption_font(QApplication.font())
    real = QtGui.QFontInfo(QApplication.font()).family()
    assert font.families() == [real, *[f for f in found if f != real]]
    assert families_drawing("Spring", font) == {real}  # letters stay in the UI's font
    assert found[0] in families_drawing("🎉", font)
