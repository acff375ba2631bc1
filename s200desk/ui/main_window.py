"""MainWindow: sidebar | banners over the page stack (Calendar, Posts, Analytics) | status bar.

The window only lays out and labels. What the app tells the user arrives through its slots
(``show_offline``, ``show_auth_problem``, ``show_notice``, ``set_syncing``, ``show_post`` …);
what the user asks for leaves as its signals. Nobody outside reaches into its banners or panes.
It composes its parts: the menus (``main_menu``), the banners (``window_banners``) and the
pages (``page_stack``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from s200desk.ui.icons import app_icon
from s200desk.ui.main_menu import MainMenu
from s200desk.ui.page_stack import ANALYTICS, CALENDAR, MEDIA, POSTS, PageStack
from s200desk.ui.posts.cancel_confirm import confirm_cancel
from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.qt import (
    QCloseEvent,
    QEvent,
    QHBoxLayout,
    QKeySequence,
    QMainWindow,
    Qt,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from s200desk.ui.selection import ProfileSelection
from s200desk.ui.sidebar.model import ProfilesModel
from s200desk.ui.sidebar.view import ProfileSidebar
from s200desk.ui.spoken import announce, speak_text
from s200desk.ui.widgets.fit_screen import fitting_size
from s200desk.ui.widgets.status_bar import AppStatusBar
from s200desk.ui.window_banners import WindowBanners

if TYPE_CHECKING:
    from s200desk.ui.read_only import ReadOnlyBanner

# The page numbers live with the pages and stay importable from here.
__all__ = ["ANALYTICS", "CALENDAR", "MEDIA", "POSTS", "MainWindow"]

QDockWidget = QtWidgets.QDockWidget
OUTBOX_LEAST_HEIGHT = 170  # the bar, the table's header and three rows, the buttons
APP_TITLE = "s200desk"
STATUS_MESSAGE_MS = 8000
NO_WORKSPACE_NAME = "No workspace"


class MainWindow(QMainWindow):
    refresh_requested = Signal()
    settings_requested = Signal()
    workspaces_requested = Signal()
    key_requested = Signal()  # the key was refused: ask for it again
    cancel_confirmed = Signal(str)
    post_selected = Signal(str)  # a post picked in the list: its detail is wanted
    edit_requested = Signal(str)  # "Edit" in the detail pane
    closing = Signal()
    new_post_requested = Signal()
    duplicate_requested = Signal()
    queues_requested = Signal()
    series_requested = Signal()
    first_painted = Signal()

    def __init__(
        self,
        posts_model: PostsTableModel,
        profiles_model: ProfilesModel,
        selection: ProfileSelection,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("s200desk main window")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(900, 560)
        self.resize(fitting_size(self, 1280, 800))
        self._painted = False  # the first frame is complete (``first_painted`` was emitted)
        self._paint_seen = False
        self.close_requested = False  # the user (or the app) has closed the window

        # Built top-down, each widget in the parent it stays in: moving a widget to another
        # parent restyles it and all it holds again under the application's style sheet
        # (a third of the window's build; docs/performance.md, issue 15).
        central = QWidget(self)
        central.setObjectName("central")
        central.setAccessibleName("Main area")
        content = QWidget(central)
        content.setObjectName("content")
        content.setAccessibleName("Content")

        self.sidebar = ProfileSidebar(profiles_model, selection, central)
        self.sidebar.workspace_clicked.connect(self.workspaces_requested)

        self.banners = WindowBanners(self, content)
        self.banners.retry_requested.connect(self.refresh_requested)
        self.banners.key_requested.connect(self.key_requested)
        self.offline_banner = self.banners.offline_banner
        self.auth_banner = self.banners.auth_banner
        self.notice_banner = self.banners.notice_banner

        self.stack = PageStack(posts_model, selection, content)
        self.posts_page = self.stack.posts_page
        self.posts_page.detail.cancel_requested.connect(self._confirm_cancel)
        self.posts_page.detail.edit_requested.connect(self.edit_requested)
        self.posts_page.post_selected.connect(self.post_selected)
        self.posts_page.new_post_clicked.connect(self.new_post_requested)

        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banners.add_to(column)
        column.addWidget(self.stack, 1)

        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(content, 1)
        self.setCentralWidget(central)

        self.status = AppStatusBar(self)
        self.setStatusBar(self.status)
        speak_text(self.status.connection_label, self.status.sync_label,
                   self.status.usage_label, self.posts_page.count_label)
        self._build_menus()
        self.set_title("", demo=False)
        self._focus_list()

    # -- menus and pages -------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menu = MainMenu(self, self.show_page)
        for action, signal in (
            (menu.new_post_action, self.new_post_requested),
            (menu.duplicate_action, self.duplicate_requested),
            (menu.queues_action, self.queues_requested),
            (menu.series_action, self.series_requested),
            (menu.workspaces_action, self.workspaces_requested),
            (menu.settings_action, self.settings_requested),
            (menu.refresh_action, self.refresh_requested),
        ):
            action.triggered.connect(signal)
        menu.search_action.triggered.connect(self.search_posts)
        self.search_action = menu.search_action
        self.new_post_action = menu.new_post_action
        # The button says the shortcut as this system writes it (Ctrl+N; ⌘N on macOS).
        keys = menu.new_post_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.posts_page.new_post_button.setToolTip(f"{menu.new_post_action.toolTip()} ({keys})")
        self.duplicate_action = menu.duplicate_action
        self.queues_action = menu.queues_action
        self.series_action = menu.series_action
        self.workspaces_action = menu.workspaces_action
        self.settings_action = menu.settings_action
        self.quit_action = menu.quit_action
        self.view_menu = menu.view_menu
        self.view_actions = menu.view_actions
        self.refresh_action = menu.refresh_action
        menu.check_page(self.stack.currentIndex())

    @Slot()
    def search_posts(self) -> None:
        """Ctrl+F: the posts page with its search field ready for typing."""
        self.show_page(POSTS)
        self.posts_page.focus_search()

    def replace_page(self, page: int, widget: QWidget) -> None:
        """Put a feature's page (calendar, analytics …) in place of its note.

        Build the page with ``stack`` as its parent: moved there from another parent, the page
        and all it holds would be styled a second time."""
        self.stack.replace_page(page, widget)

    # The pages in the stack now (a one-line note until the feature replaces it).
    @property
    def calendar_page(self) -> QWidget | None:
        return self.stack.widget(CALENDAR)

    @property
    def analytics_page(self) -> QWidget | None:
        return self.stack.widget(ANALYTICS)

    @property
    def media_page(self) -> QWidget | None:
        return self.stack.widget(MEDIA)

    def set_outbox_dock(self, dock: QDockWidget) -> None:
        """Dock the outbox panel at the bottom, hidden until View > Outbox (Ctrl+Shift+O)."""
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        toggle = dock.toggleViewAction()
        toggle.setObjectName("outboxAction")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.menu.add_view_toggle(toggle)
        dock.hide()
        self._outbox_sized = False
        dock.visibilityChanged.connect(lambda shown: self._size_outbox_dock(dock, shown))

    def _size_outbox_dock(self, dock: QDockWidget, shown: bool) -> None:
        # Its table would take half a small window (and leave the calendar's month rows room
        # for "+8 more" only): it opens at a quarter of the window; the user's size stays.
        if not shown or self._outbox_sized:
            return
        self._outbox_sized = True
        height = max(OUTBOX_LEAST_HEIGHT, self.height() // 4)
        self.resizeDocks([dock], [height], Qt.Orientation.Vertical)

    def set_page_builder(self, page: int, build: Callable[[], object]) -> None:
        """``build()`` puts the real page in place (``replace_page``) when it is first shown."""
        self.stack.set_page_builder(page, build)

    def show_page(self, page: int) -> None:
        self.stack.show_page(page)
        self.menu.check_page(self.stack.currentIndex())

    def _focus_list(self) -> None:
        """The keys go to the posts list (arrows, Enter, Delete) when the window opens and when
        a workspace does, not to the first control in Tab order: the workspace button, which
        then wore its focus ring from the start."""
        self.posts_page.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- labels ----------------------------------------------------------------------------

    def set_title(self, workspace: str, demo: bool) -> None:
        """"<workspace> — s200desk" ("Demo — s200desk" in demo mode). Ending in the app's
        display name keeps Qt from appending it a second time on Linux and Windows."""
        name = workspace or ("Demo" if demo else "")
        self.setWindowTitle(f"{name} — {APP_TITLE}" if name else APP_TITLE)
        self.sidebar.set_workspace_name(
            "Demo" if demo and not workspace else workspace or NO_WORKSPACE_NAME
        )

    # -- what the app tells the user ------------------------------------------------------

    def show_no_workspace(self) -> None:
        """The first run, before any key: the window says so rather than "Connecting…" over an
        account with no posts. ``show_workspace`` ends it."""
        self.set_title("", demo=False)
        self.status.show_no_workspace()
        self.posts_page.show_no_workspace(True)
        self.sidebar.show_no_workspace(True)

    def show_workspace(self, name: str, *, demo: bool, last_sync: datetime | None) -> None:
        """A workspace has opened: its title, no banner of the one before, nothing selected."""
        self.set_title(name, demo=demo)
        self.posts_page.show_no_workspace(False)
        self.sidebar.show_no_workspace(False)
        self._focus_list()
        self.banners.hide_connection_problems()
        self.posts_page.detail.clear()
        self.status.set_online(None)
        self.status.set_last_sync(last_sync)

    @Slot(bool)
    def set_syncing(self, syncing: bool) -> None:
        self.status.set_syncing(syncing)

    def show_synced(self, when: datetime) -> None:
        """A sync succeeded at ``when``: the offline and key banners have nothing left to say."""
        self.status.set_syncing(False)
        self.status.set_last_sync(when)
        self.banners.hide_connection_problems()

    def set_online(self, online: bool | None) -> None:
        self.status.set_online(online)
        if online:
            self.offline_banner.hide()

    def show_offline(
        self, cached_posts: int, last_sync: datetime | None, retry_seconds: int
    ) -> None:
        """The server cannot be reached: the cached posts stay, and a banner says so."""
        self.banners.show_offline(cached_posts, last_sync, retry_seconds)

    def show_auth_problem(self, message: str) -> None:
        """The key was refused: the banner (with "Enter key…") stays as a way back."""
        self.banners.show_auth_problem(message)

    @Slot(str)
    def show_notice(self, message: str) -> None:
        """A calm message above the page, until dismissed."""
        self.banners.show_notice(message)

    @Slot(str)
    def show_status_message(self, text: str) -> None:
        """A passing message in the status bar."""
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        announce(self, text)  # a passing message is read out (a move's outcome, say)

    def set_usage(
        self, rate_limits: Mapping[str, Any], plan: str, platforms: Sequence[str]
    ) -> None:
        self.status.set_usage(rate_limits, plan, list(platforms))

    def show_read_only(self, on: bool) -> None:
        """No key at start: the cache with a banner whose button asks for the key."""
        self.banners.show_read_only(on)
        if on:
            self.status.connection_label.setText("● Read-only (no API key)")

    @property
    def read_only_banner(self) -> ReadOnlyBanner | None:
        """Built the first time a workspace has no key."""
        return self.banners.read_only_banner

    # -- the detail pane -------------------------------------------------------------------

    @property
    def detail_post_id(self) -> str | None:
        """The post the detail pane shows (None: none)."""
        return self.posts_page.detail.post_id

    def paint_posts_now(self) -> None:
        """Paint the posts list at once with what its model holds."""
        if self.posts_page.isVisible():
            self.posts_page.table.viewport().repaint()

    def select_post(self, post_id: str) -> None:
        """Select the post in the list (when the filters show it)."""
        self.posts_page.select_post(post_id)

    def show_post(self, post: Any) -> None:
        """The full post in the detail pane."""
        self.posts_page.detail.show_post(post)

    def show_post_failure(self, post_id: str, message: str) -> None:
        self.posts_page.detail.show_error(post_id, message)

    def set_cancelling(self, cancelling: bool) -> None:
        """The detail pane's Cancel button while a cancel is under way (and after it)."""
        if cancelling:
            self.posts_page.detail.set_cancelling()
        else:
            self.posts_page.detail.reset_cancel_button()

    def show_post_total(self, total: int) -> None:
        """How many posts there are, before the model holds them all (the first frame)."""
        self.posts_page.count_label.setText(f"{total:,}")

    def set_time_zone(self, name: str | None) -> None:
        self.posts_page.detail.set_time_zone(name)

    @Slot(str)
    def _confirm_cancel(self, post_id: str) -> None:
        confirm_cancel(self, post_id, self.cancel_confirmed.emit)

    # -- lifecycle -------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._paint_seen:
            self._paint_seen = True
            result = super().event(event)
            # The window's own paint event comes first; its children (sidebar, list, status
            # bar) paint after it in the same pass. Announce the frame once that pass is over,
            # so whatever waits for it (reading the rest of the cache, loading the feature
            # pages' modules in threads) does not take the GIL from the rest of the frame.
            QTimer.singleShot(0, self, self._announce_painted)
            return result
        return super().event(event)

    @Slot()
    def _announce_painted(self) -> None:
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    @property
    def is_painted(self) -> bool:
        return self._painted

    def closeEvent(self, event: QCloseEvent) -> None:
        # Remembered too: the first frame is on screen before anything listens to ``closing``.
        self.close_requested = True
        self.closing.emit()
        event.accept()
