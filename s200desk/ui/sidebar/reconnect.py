"""The "Reconnect" badge's menu: the dashboard page where the account is reconnected, then a
re-sync so the sidebar and the composer see it connected."""

from __future__ import annotations

from collections.abc import Callable

from s200desk.ui.icons import platform_label
from s200desk.ui.qt import QRect, QtWidgets, QWidget

BADGE_WIDTH = 64
BADGE_HEIGHT = 20


def badge_rect(row: QRect) -> QRect:
    """Where the delegate paints the badge in a row's rectangle (clicks there open the menu)."""
    rect = row.adjusted(6, 2, -6, -2)
    return QRect(rect.right() - 70, rect.center().y() - 10, BADGE_WIDTH, BADGE_HEIGHT)


def reconnect_menu(
    parent: QWidget,
    platform: str,
    account: str,
    on_dashboard: Callable[[], None],
    on_resync: Callable[[], None],
) -> QtWidgets.QMenu:
    """What to do about a disconnected profile, in the order it is done."""
    menu = QtWidgets.QMenu(parent)
    menu.setObjectName("reconnectMenu")
    title = menu.addAction(f"{platform_label(platform)} {account} is disconnected")
    title.setEnabled(False)
    menu.addSeparator()
    open_it = menu.addAction("1. Reconnect it in the Status 200 dashboard (Connections)…")
    open_it.setObjectName("reconnectOpenDashboard")
    open_it.setToolTip("Opens the dashboard in your browser; sign in and reconnect the account.")
    open_it.triggered.connect(on_dashboard)
    resync = menu.addAction("2. Re-sync now, once it is reconnected")
    resync.setObjectName("reconnectResync")
    resync.triggered.connect(on_resync)
    menu.setToolTipsVisible(True)
    return menu
