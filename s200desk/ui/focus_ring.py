"""A focus ring a keyboard user can see, in both themes.

The application's style sheet gives buttons and lists a border of their own, and a widget whose
border a style sheet sets no longer gets Fusion's focus frame: a focused button looked exactly
like the others. These rules draw a 2 px ring in a colour with at least 3:1 against the surface
and against the unfocused look (WCAG 2.4.11 / 1.4.11); padding shrinks by the extra pixel so
nothing moves when focus arrives. ``theme.apply_theme`` appends them to the style sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from s200desk.ui.theme import Colours


def focus_ring_sheet(c: Colours) -> str:
    """The ``:focus`` rules for ``c``'s theme."""
    ring = c.accent_soft  # accent as text on the base colour: 6:1 light, 8:1 dark
    return f"""
QPushButton:focus {{ border: 2px solid {ring}; padding: 4px 13px; }}
QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{ border: 2px solid {ring};
    padding: 3px 7px; }}
QPushButton#primaryButton:focus {{ border: 2px solid {c.text}; }}
QToolButton {{ border: 1px solid transparent; border-radius: 6px; padding: 2px 6px; }}
QToolButton:hover {{ border-color: {c.border}; }}
QToolButton:focus {{ border: 2px solid {ring}; padding: 1px 5px; }}
QPushButton#sidebarAll:focus {{ border: 2px solid {c.sidebar_text}; padding: 4px 8px; }}
QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border: 2px solid {ring}; }}
QCheckBox:focus, QRadioButton:focus {{ color: {ring}; }}
QAbstractItemView:focus {{ border: 1px solid {ring}; }}
QTableView#postsTable:focus {{ border: 1px solid {ring}; }}
QListView#profileList:focus {{ border: 1px solid {c.sidebar_text}; border-radius: 4px; }}
QTabBar::tab:focus {{ color: {ring}; text-decoration: underline; }}
"""
