"""The "Reconnect" badge offers the way back: the dashboard link, then a re-sync."""

from __future__ import annotations

from typing import Any

from ui_support import until

from s200desk.services.dashboard import dashboard_url
from s200desk.ui.qt import QObject, Qt, QtCore, QtGui, Slot
from s200desk.ui.sidebar.model import ProfilesModel
from s200desk.ui.sidebar.reconnect import badge_rect


class Browser(QObject):
    """Stands in for the system browser: QDesktopServices hands it the opened URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QtCore.QUrl)
    def open(self, url: QtCore.QUrl) -> None:
        self.opened.append(url.toString())


def test_clicking_reconnect_offers_the_dashboard_and_a_resync(
    shell: Any, arun: Any, qtbot: Any
) -> None:
    sidebar = shell.window.sidebar
    view = sidebar.list
    model = view.model()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    (index,) = [i for i in rows if not i.data(ProfilesModel.ConnectedRole)]
    assert index.data(ProfilesModel.KeyRole)[0] == "facebook"
    shell.window.show()
    view.scrollTo(index)
    badge = badge_rect(view.visualRect(index))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=badge.center())
    menu = sidebar.reconnect_menu
    assert menu is not None and menu.isVisible()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0].startswith("Facebook") and texts[0].endswith("is disconnected")
    assert "Status 200 dashboard" in texts[1] and texts[2].startswith("2. Re-sync now")

    browser = Browser()
    QtGui.QDesktopServices.setUrlHandler("http", browser, "open")
    QtGui.QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        next(a for a in menu.actions() if a.objectName() == "reconnectOpenDashboard").trigger()
    finally:
        QtGui.QDesktopServices.unsetUrlHandler("http")
        QtGui.QDesktopServices.unsetUrlHandler("https")
    assert browser.opened == [dashboard_url(shell.controller.session.info.base_url)]

    before = shell.controller.session.last_sync
    next(a for a in menu.actions() if a.objectName() == "reconnectResync").trigger()
    arun(until(lambda: shell.controller.session.last_sync != before, what="a re-sync"))


def test_the_dashboard_is_the_api_hosts_root() -> None:
    assert dashboard_url("https://app.status200uploads.com/functions/v1") == (
        "https://app.status200uploads.com/"
    )
