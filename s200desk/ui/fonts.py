"""Emoji in captions: the caption editors name a colour emoji font after their own.

Without an emoji font a caption's emoji render as empty boxes (the .deb recommends
fonts-noto-color-emoji). Qt's own fallback usually finds an installed emoji font; naming it in
the caption font's family list makes the caption editors use it even where the system's fallback
order would pick a black-and-white or box-drawing font first.

Not a substitution of the application font's family: "Sans Serif" is an alias, and Qt uses a
substitute *instead of* a family it cannot find, which turned every label into emoji-font text.
"""

from __future__ import annotations

from s200desk.ui.qt import QFont, QtGui

EMOJI_FAMILIES = (
    "Noto Color Emoji",
    "Apple Color Emoji",
    "Segoe UI Emoji",
    "Twemoji Mozilla",
    "EmojiOne Color",
)


def emoji_families() -> list[str]:
    """The emoji families installed here, best first."""
    installed = set(QtGui.QFontDatabase.families())
    return [f for f in EMOJI_FAMILIES if f in installed]


def caption_font(base: QFont) -> QFont:
    """``base`` as it really resolves here, then the installed emoji families."""
    font = QFont(base)
    real = QtGui.QFontInfo(base).family()  # "Sans Serif" is an alias: name the real one
    font.setFamilies([real, *[f for f in emoji_families() if f != real]])
    return font
