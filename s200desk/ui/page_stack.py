"""The main window's pages (Calendar, Posts, Analytics, Media), one shown at a time.

Posts is built at once; the other three start as a one-line note until their feature puts the
real page in place, either at once (``replace_page``) or the first time the page is shown
(``set_page_builder``), so a start-up does not pay for pages nobody opened yet.
"""

from __future__ import annotations

from collections.abc import Callable

from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.posts.view import PostsPage
from s200desk.ui.qt import QLabel, QStackedWidget, Qt, QWidget
from s200desk.ui.selection import ProfileSelection

CALENDAR, POSTS, ANALYTICS, MEDIA = range(4)


def _until_built(name: str, title: str, parent: QWidget) -> QLabel:
    """A feature's place until its page is built (at the latest once the workspace's first sync
    has ended; the calendar and media the first time they are shown)."""
    note = QLabel(f"{title} appears once a workspace is open and its first sync has ended.", parent)
    note.setObjectName(name)
    note.setAccessibleName(f"{title} (not built yet)")
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setWordWrap(True)
    return note


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
        calendar = _until_built("calendarPage", "Calendar", self)
        self.posts_page = PostsPage(posts_model, selection, self)
        analytics = _until_built("analyticsPage", "Analytics", self)
        media = _until_built("mediaPage", "Media", self)
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
