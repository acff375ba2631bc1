"""Captions fall back to a colour emoji font (when one is installed) instead of empty boxes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from s200desk.ui.fonts import caption_font, emoji_families, install_emoji_fallback
from s200desk.ui.qt import QApplication, QFont, QtGui

ROOT = Path(__file__).resolve().parents[2]


def test_the_deb_recommends_an_emoji_font() -> None:
    control = (ROOT / "packaging" / "linux" / "control.in").read_text(encoding="utf-8")
    (recommends,) = [line for line in control.splitlines() if line.startswith("Recommends:")]
    assert "fonts-noto-color-emoji" in recommends


def test_caption_font_and_app_font_fall_back_to_the_emoji_font(qapp: Any) -> None:
    found = emoji_families()
    if not found:
        pytest.skip("no colour emoji font installed here (apt install fonts-noto-color-emoji)")
    font = caption_font(QFont("DejaVu Sans", 11))
    assert font.families()[0] == "DejaVu Sans" and found[0] in font.families()
    install_emoji_fallback()
    substitutes = [f.casefold() for f in QFont.substitutes(QApplication.font().family())]
    assert found[0].casefold() in substitutes
    # The emoji's glyph comes from a font that has it: the fallback resolves to the emoji family.
    layout = QtGui.QTextLayout("🎉", font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = {run.rawFont().familyName() for run in layout.glyphRuns()}
    assert found[0] in families
