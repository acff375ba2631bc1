"""Without a system tray: the notice as a banner across the top of the window."""

from __future__ import annotations

from s200desk.ui.notifications.tray import attention_words
from s200desk.ui.qt import QPushButton, QWidget
from s200desk.ui.theme import colours
from s200desk.ui.widgets.banner import Banner


def paint_banner(banner: Banner) -> None:
    """The warning colours of the theme in use (read when shown: the theme may have changed)."""
    c = colours()
    name = banner.objectName()
    banner.setStyleSheet(
        f"QFrame#{name} {{ background: {c.warning_bg}; border-bottom: 1px solid {c.border}; }}"
        f" QFrame#{name} QLabel {{ color: {c.warning_text}; }}"
    )


class NoticeBanner(Banner):
    """"A post failed: TikTok @… — reason" with Open post and Dismiss."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("notificationBanner", "Notification", "Open post", parent)
        self.dismiss = QPushButton("Dismiss", self)
        self.dismiss.setObjectName("notificationBannerDismiss")
        self.dismiss.setAccessibleName("Dismiss the notification")
        self.dismiss.clicked.connect(self.hide)
        row = self.layout()
        if row is not None:
            row.addWidget(self.dismiss)

    def show_notice(self, title: str, body: str, count: int, failed: bool) -> None:
        more = f"  ({attention_words(count)}: see the outbox)" if count else ""
        paint_banner(self)
        self.show_message(f"{title}: {body}{more}")


def install(window: QWidget, banner: Banner) -> None:
    """Put the banner above the window's other banners (beside the offline notice)."""
    anchor = getattr(window, "offline_banner", None)
    layout = anchor.parentWidget().layout() if anchor is not None else None
    if layout is None:
        return
    layout.insertWidget(layout.indexOf(anchor), banner)
