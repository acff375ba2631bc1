"""Emoji in captions: fall back to a colour emoji font where the caption's font has no emoji.

Without it a caption's emoji render as empty boxes on systems whose default font lacks them
(the .deb recommends fonts-noto-color-emoji). ``install_emoji_fallback`` adds the installed emoji
families as substitutes of the application font's family, so every caption (composer, list,
detail, calendar) falls back to them; ``caption_font`` is that font with the fallback spelled
out, for the caption editors.
"""

from __future__ import annotations

from s200desk.ui.qt import QApplication, QFont, QtGui

EMOJI_FAMILIES = (
    "Noto Color Emoji",
    "Apple Color Emoji",
    "Segoe UI Emoji",
    "Twemoji Mozilla",
    "EmojiOne Color",
    "Symbola",
)


def emoji_families() -> list[str]:
    """The emoji families installed here, best first."""
    installed = set(QtGui.QFontDatabase.families())
    return [f for f in EMOJI_FAMILIES if f in installed]


def install_emoji_fallback() -> list[str]:
    """Substitute the emoji families for the app font's family; returns those used."""
    found = emoji_families()
    if found:
        family = QApplication.font().family()
        known = {f.casefold() for f in QFont.substitutes(family)}  # Qt keeps them lower-case
        missing = [f for f in found if f.casefold() not in known]
        if missing:
            QFont.insertSubstitutions(family, missing)
    return found


def caption_font(base: QFont) -> QFont:
    """``base`` with the emoji families after its own family."""
    font = QFont(base)
    font.setFamilies([base.family(), *[f for f in emoji_families() if f != base.family()]])
    return font
