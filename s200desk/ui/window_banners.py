"""The notices across the top of the main window's content, and what each one says.

Offline (with "Try again"), key refused (with "Enter key…"), a calm notice (with "Dismiss"),
and, built only when a workspace opens without its key, read-only (with "Enter key…").
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from s200desk.ui.formatting import format_ago
from s200desk.ui.qt import QObject, QVBoxLayout, QWidget, Signal
from s200desk.ui.widgets.banner import Banner

if TYPE_CHECKING:
    from s200desk.ui.read_only import ReadOnlyBanner


class WindowBanners(QObject):
    retry_requested = Signal()  # "Try again" on the offline notice
    key_requested = Signal()  # "Enter key…" on the key or the read-only notice

    def __init__(self, window: QWidget, area: QWidget) -> None:
        """The banners of ``window``, made in ``area``, the widget whose layout shows them."""
        super().__init__(window)
        self._window = window
        self.offline_banner = Banner("offlineBanner", "Offline notice", "Try again", area)
        self.offline_banner.action_clicked.connect(self.retry_requested)
        self.auth_banner = Banner("authBanner", "API key notice", "Enter key…", area)
        self.auth_banner.action_clicked.connect(self.key_requested)
        self.notice_banner = Banner("noticeBanner", "Notice", "Dismiss", area)
        self.notice_banner.action_clicked.connect(self.notice_banner.hide)
        self.read_only_banner: ReadOnlyBanner | None = None

    def add_to(self, column: QVBoxLayout) -> None:
        """Offline, key and notice, top to bottom (the read-only one goes above them all)."""
        column.addWidget(self.offline_banner)
        column.addWidget(self.auth_banner)
        column.addWidget(self.notice_banner)

    def hide_connection_problems(self) -> None:
        self.offline_banner.hide()
        self.auth_banner.hide()

    def show_offline(
        self, cached_posts: int, last_sync: datetime | None, retry_seconds: int
    ) -> None:
        self.offline_banner.show_message(
            f"You're offline — showing the {cached_posts:,} posts saved on this computer "
            f"(last synced {format_ago(last_sync)}). s200desk tries again every "
            f"{retry_seconds} seconds."
        )

    def show_auth_problem(self, message: str) -> None:
        self.auth_banner.show_message(
            f"{message} Enter a valid key to continue syncing; your cached posts stay visible."
        )

    def show_notice(self, message: str) -> None:
        self.notice_banner.show_message(message)

    def show_read_only(self, on: bool) -> None:
        if self.read_only_banner is None and on:
            # Imported only when needed: at start-up a worker thread imports the feature
            # pages' modules, and a second importer of the same modules risks a deadlock.
            from s200desk.ui.read_only import install_banner

            self.read_only_banner = install_banner(self._window)
            self.read_only_banner.action_clicked.connect(self.key_requested)
        if self.read_only_banner is not None:
            if on:
                self.read_only_banner.show_read_only()
            else:
                self.read_only_banner.hide()
