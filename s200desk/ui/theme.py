"""Fusion with a light and a dark palette, and a small style sheet for the app's own surfaces."""

from __future__ import annotations

from dataclasses import dataclass

from s200desk.ui.focus_ring import focus_ring_sheet
from s200desk.ui.qt import QApplication, QColor, QObject, QPalette, Qt, QWidget, Signal


@dataclass(frozen=True)
class Colours:
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    border: str
    sidebar: str
    sidebar_text: str
    sidebar_muted: str
    sidebar_selected: str
    accent: str
    accent_text: str
    warning_bg: str
    warning_text: str
    danger: str
    success: str
    accent_soft: str = "#4F46E5"  # accent as text on the base colour


LIGHT = Colours(
    window="#F7F7F8",
    base="#FFFFFF",
    alt_base="#FAFAFB",
    text="#1F2328",
    muted="#646B78",  # 4.5:1 and more on every light surface, the shaded past days too
    border="#E4E4E7",
    sidebar="#1E1B2E",
    sidebar_text="#EDEBF5",
    sidebar_muted="#A19DB8",
    sidebar_selected="#3D3760",
    accent="#5B5DE8",  # white text on it: 5:1 (WCAG AA)
    accent_text="#FFFFFF",
    warning_bg="#FEF3C7",
    warning_text="#78350F",
    danger="#DC2626",
    success="#15803D",  # as text on white: 5:1
)
DARK = Colours(
    window="#17181C",
    base="#1E1F24",
    alt_base="#222329",
    text="#E6E6E9",
    muted="#9A9CA5",
    border="#2E3038",
    sidebar="#121217",
    sidebar_text="#E6E6E9",
    sidebar_muted="#8D8FA0",
    sidebar_selected="#2D2B45",
    accent="#5B5DE8",
    accent_text="#FFFFFF",
    accent_soft="#A5B4FC",
    warning_bg="#422006",
    warning_text="#FDE68A",
    danger="#F87171",
    success="#4ADE80",
)

_current: Colours = LIGHT
_applied: tuple[int, bool] | None = None  # (the application's id, dark) last applied


class ThemeSignal(QObject):
    """``changed(Colours)`` after the theme switched while the app runs (Settings ▸ theme).

    The palette and the style sheet reach every widget by themselves; what a widget drew or
    styled with :func:`colours` at build time (chart backgrounds, a page's own style sheet, cached
    cell pixmaps) listens here and applies the new colours."""

    changed = Signal(object)


_signal: ThemeSignal | None = None


def theme_signal() -> ThemeSignal:
    """The one notifier of theme switches (made on first use, with a QApplication running)."""
    global _signal
    if _signal is None:
        _signal = ThemeSignal()
    return _signal


def colours() -> Colours:
    """The colours of the theme in use."""
    return _current


def _wants_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    hints = QApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def _palette(c: Colours) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, QColor(c.window))
    p.setColor(role.WindowText, QColor(c.text))
    p.setColor(role.Base, QColor(c.base))
    p.setColor(role.AlternateBase, QColor(c.alt_base))
    p.setColor(role.Text, QColor(c.text))
    p.setColor(role.Button, QColor(c.base))
    p.setColor(role.ButtonText, QColor(c.text))
    p.setColor(role.ToolTipBase, QColor(c.base))
    p.setColor(role.ToolTipText, QColor(c.text))
    p.setColor(role.PlaceholderText, QColor(c.muted))
    p.setColor(role.Highlight, QColor(c.accent))
    p.setColor(role.HighlightedText, QColor(c.accent_text))
    p.setColor(role.Link, QColor(c.accent))
    p.setColor(role.Mid, QColor(c.border))
    p.setColor(role.Midlight, QColor(c.border))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(disabled, r, QColor(c.muted))
    return p


def _icon(name: str) -> str:
    """A style sheet url() for one of resources/icons/ui (forward slashes on every system)."""
    from s200desk.ui.icons import resources_dir

    return (resources_dir() / "icons" / "ui" / f"{name}.svg").as_posix()


def _style_sheet(c: Colours) -> str:
    return f"""
QWidget#sidebar {{ background: {c.sidebar}; }}
QLabel#sidebarTitle {{ color: {c.sidebar_text}; font-weight: 600; font-size: 15px; }}
QLabel#sidebarCaption {{ color: {c.sidebar_muted}; font-size: 11px; font-weight: 600;
    letter-spacing: 0.5px; }}
QListView#profileList {{ background: transparent; border: none; color: {c.sidebar_text};
    outline: 0; }}
QPushButton#sidebarAll {{ color: {c.sidebar_text}; background: transparent; border: none;
    text-align: left; padding: 6px 10px; border-radius: 6px; }}
QPushButton#sidebarAll:hover {{ background: {c.sidebar_selected}; }}
QPushButton#sidebarAll:checked {{ background: {c.sidebar_selected}; font-weight: 600; }}
QFrame#offlineBanner, QFrame#calendarNotice {{
    background: {c.warning_bg}; border-bottom: 1px solid {c.border};
}}
QFrame#offlineBanner QLabel, QFrame#calendarNotice QLabel {{ color: {c.warning_text}; }}
QFrame#authBanner {{ background: {c.warning_bg}; border-bottom: 1px solid {c.border}; }}
QFrame#authBanner QLabel {{ color: {c.warning_text}; }}
QFrame#filterBar {{ background: {c.base}; border-bottom: 1px solid {c.border}; }}
QFrame#detailPane {{ background: {c.base}; border-left: 1px solid {c.border}; }}
QLabel#pageTitle {{ font-size: 18px; font-weight: 600; }}
QLabel#muted, QLabel#detailMeta {{ color: {c.muted}; }}
QTableView#postsTable {{ background: {c.base}; border: none; gridline-color: {c.border};
    selection-background-color: {c.accent}; selection-color: {c.accent_text}; }}
QHeaderView::section {{ background: {c.window}; color: {c.muted}; border: none;
    border-bottom: 1px solid {c.border}; padding: 6px 8px; font-weight: 600; }}
QHeaderView::down-arrow {{ image: url({_icon("chevron-down")}); width: 10px; height: 10px;
    subcontrol-origin: padding; subcontrol-position: center right; }}
QHeaderView::up-arrow {{ image: url({_icon("chevron-up")}); width: 10px; height: 10px;
    subcontrol-origin: padding; subcontrol-position: center right; }}
QLineEdit, QComboBox, QAbstractSpinBox {{ padding: 4px 8px; border: 1px solid {c.border};
    border-radius: 6px; background: {c.base}; min-height: 20px; }}
QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{ border: 1px solid {c.accent}; }}
QLineEdit:disabled, QComboBox:disabled, QAbstractSpinBox:disabled {{ background: {c.window};
    color: {c.muted}; border-color: {c.border}; }}
QPushButton:disabled {{ background: {c.window}; color: {c.muted}; border-color: {c.border}; }}
QLineEdit:read-only {{ background: {c.window}; }}
QCheckBox::indicator, QAbstractItemView::indicator {{ width: 14px; height: 14px;
    border: 1px solid {c.muted}; border-radius: 3px; background: {c.base}; }}
QCheckBox::indicator:hover, QAbstractItemView::indicator:hover {{ border-color: {c.accent}; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{ background: {c.accent};
    border-color: {c.accent}; image: url({_icon("check")}); }}
QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled {{ background: {c.window};
    border-color: {c.border}; }}
QCheckBox::indicator:checked:disabled, QAbstractItemView::indicator:checked:disabled {{
    background: {c.muted}; border-color: {c.muted}; }}
QRadioButton::indicator {{ width: 14px; height: 14px; border: 1px solid {c.muted};
    border-radius: 8px; background: {c.base}; }}
QRadioButton::indicator:hover {{ border-color: {c.accent}; }}
QRadioButton::indicator:checked {{ background: {c.accent}; border-color: {c.accent};
    image: url({_icon("dot")}); }}
QRadioButton::indicator:disabled {{ background: {c.window}; border-color: {c.border}; }}
QRadioButton::indicator:checked:disabled {{ background: {c.muted}; border-color: {c.muted}; }}
QComboBox::drop-down {{ border: none; width: 22px; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: url({_icon("chevron-down")}); width: 12px;
    height: 12px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ border: none; width: 18px; }}
QAbstractSpinBox::up-arrow {{ image: url({_icon("chevron-up")}); width: 10px; height: 10px; }}
QAbstractSpinBox::down-arrow {{ image: url({_icon("chevron-down")}); width: 10px; height: 10px; }}
QDateEdit::drop-down {{ border: none; width: 22px; }}
QComboBox QAbstractItemView {{ background: {c.base}; color: {c.text};
    border: 1px solid {c.border}; outline: 0;
    selection-background-color: {c.accent}; selection-color: {c.accent_text}; }}
QComboBox::item {{ color: {c.text}; background: {c.base}; }}
QComboBox::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
QPushButton {{ padding: 5px 14px; border: 1px solid {c.border}; border-radius: 6px;
    background: {c.base}; }}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton#primaryButton {{ background: {c.accent}; color: {c.accent_text};
    border-color: {c.accent}; }}
QPushButton#dangerButton {{ color: {c.danger}; }}
QPushButton#primaryButton:disabled {{ background: {c.border}; color: {c.muted};
    border-color: {c.border}; }}
QFrame#filterBar QPushButton:checked {{ background: {c.accent}; color: {c.accent_text};
    border-color: {c.accent}; }}
QStatusBar {{ background: {c.window}; border-top: 1px solid {c.border}; color: {c.muted}; }}
QStatusBar QLabel {{ color: {c.muted}; padding: 0 6px; }}
QLabel#comingLaterTitle {{ font-size: 20px; font-weight: 600; }}
QLabel[tone="muted"] {{ color: {c.muted}; }}
QLabel[tone="danger"] {{ color: {c.danger}; }}
QLabel[tone="warning"] {{ color: {c.warning_text}; }}
QLabel[tone="success"] {{ color: {c.success}; }}
"""


TONES = ("muted", "danger", "warning", "success")


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Colour a label's text by what it says (``muted``, ``danger``, ``warning``, ``success``)
    in the theme's colours, also after a theme switch; ``None``: the normal text colour.

    Instead of a hard-coded ``color: #…`` style sheet, which is right in one theme only."""
    tone = tone or ""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def apply_theme(app: QApplication, theme: str = "system") -> Colours:
    """Fusion plus the palette and style sheet for ``theme`` (``system``, ``light`` or ``dark``)."""
    global _current, _applied
    chosen = DARK if _wants_dark(theme) else LIGHT
    if _applied == (id(app), chosen is DARK) and chosen is _current:
        return _current  # again (the first frame applied it): re-polishing every widget is slow
    switched = _applied is not None and _applied[0] == id(app) and chosen is not _current
    _current, _applied = chosen, (id(app), chosen is DARK)
    app.setStyle("Fusion")
    app.setPalette(_palette(_current))
    app.setStyleSheet(_style_sheet(_current) + focus_ring_sheet(_current))
    if switched and _signal is not None:
        _signal.changed.emit(_current)
    return _current
