"""The main window's pages (Calendar, Posts, Analytics, Media), one shown at a time.

Posts is built at once; the other three start as "coming later" notices until their feature
puts the real page in place, either at once (``replace_page``) or the first time the page is
shown (``set_page_builder``), so a start-up does not pay for pages nobody opened yet.
"""

from __future__ import annotations

from collections.abc import Callable

from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.posts.view import PostsPage
from s200desk.ui.qt import QStackedWidget, QWidget
from s200desk.ui.selection import ProfileSelection
from s200desk.ui.widgets.coming_later import ComingLaterPage

CALENDAR, POSTS, ANALYTICS, MEDIA = range(4)


class PageStack(QStackedWidget):
    def __init__(
        self,
        posts_model: PostsTableModel,
        selection: ProfileSelection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pageStack")
        self.setAccessibleName("Pages")
        self._builders: dict[int, Callable[[], object]] = {}
        calendar = ComingLaterPage(
            "calendarPage",
            "Calendar",
            "The month and week calendar with drag-and-drop rescheduling arrives in a later "
            "release.\nUse Posts (Ctrl+2) to see every scheduled and published post meanwhile.",
            self,
        )
        self.posts_page = PostsPage(posts_model, selection, self)
        analytics = ComingLaterPage(
            "analyticsPage",
            "Analytics",
            "Views, likes, comments and shares per post and per platform arrive in a later "
            "release.",
            self,
        )
        media = ComingLaterPage(
            "mediaPage", "Media", "Open a workspace to see its media library.", self
        )
        self.addWidget(calendar)
        self.addWidget(self.posts_page)
        self.addWidget(analytics)
        self.addWidget(media)
        self.setCurrentIndex(POSTS)

    def replace_page(self, page: int, widget: QWidget) -> None:
        """Put a feature's page in place of the one at ``page``, the page shown staying shown."""
        old = self.widget(page)
        current = self.currentIndex()
        self.insertWidget(page, widget)
        if old is not None:
            self.removeWidget(old)
            old.deleteLater()
        self.setCurrentIndex(current)

    def set_page_builder(self, page: int, build: Callable[[], object]) -> None:
        """``build()`` puts the real page in place (``replace_page``) when it is first shown."""
        self._builders[page] = build

    def show_page(self, page: int) -> None:
        build = self._builders.pop(page, None)
        if build is not None:
            build()
        self.setCurrentIndex(page)
