"""The tray icon: the app icon with a red count of posts needing attention, and its messages."""

from __future__ import annotations

from s200desk.ui.icons import app_icon
from s200desk.ui.qt import QColor, QFont, QIcon, QObject, QPainter, QRect, Qt, QtWidgets

ICON_SIZE = 64


def attention_words(count: int) -> str:
    """"1 post failed or needs attention", "3 posts failed or need attention"."""
    if count == 1:
        return "1 post failed or needs attention"
    return f"{count} posts failed or need attention"


def badged_icon(count: int) -> QIcon:
    """The app icon, with ``count`` in a red disc at the top right when there is any."""
    if count <= 0:
        return app_icon()
    pix = app_icon().pixmap(ICON_SIZE, ICON_SIZE)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    disc = QRect(ICON_SIZE - 34, 0, 34, 34)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#DC2626"))
    painter.drawEllipse(disc)
    font = QFont()
    font.setPixelSize(22 if count < 10 else 16)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return QIcon(pix)


class Tray(QObject):
    """One QSystemTrayIcon; ``clicked`` when the user clicks the last message (or the icon)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QtWidgets.QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("s200desk")
        self.count = 0
        self.icon.show()

    def set_count(self, count: int) -> None:
        self.count = count
        self.icon.setIcon(badged_icon(count))
        if count:
            self.icon.setToolTip(
                f"s200desk — {attention_words(count)}"
            )
        else:
            self.icon.setToolTip("s200desk — nothing needs attention")

    def show_message(self, title: str, body: str, failed: bool) -> None:
        kind = (
            QtWidgets.QSystemTrayIcon.MessageIcon.Warning
            if failed
            else QtWidgets.QSystemTrayIcon.MessageIcon.Information
        )
        self.icon.showMessage(title, body, kind, 10_000)

    def close(self) -> None:
        self.icon.hide()
