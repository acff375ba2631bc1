"""A window's first size: what it asks for, or less on a screen too small for it."""

from __future__ import annotations

from s200desk.ui.qt import QSize, QWidget

MARGIN = 40  # room for the window's frame and a taskbar the available area may not count


def fitting_size(window: QWidget, width: int, height: int) -> QSize:
    """``width`` × ``height``, or less on a smaller screen (a 1024×700 laptop): the window's
    bottom right (the status bar, the composer's Send) stays on screen."""
    screen = window.screen()
    if screen is None:
        return QSize(width, height)
    room = screen.availableGeometry()
    return QSize(min(width, room.width() - MARGIN), min(height, room.height() - MARGIN))
