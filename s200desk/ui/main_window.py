"""MainWindow: sidebar | banners over the page stack (Calendar, Posts, Analytics) | status bar.

The window only lays out and labels. What the app tells the user arrives through its slots
(``show_offline``, ``show_auth_problem``, ``show_notice``, ``set_syncing``, ``show_post`` …);
what the user asks for leaves as its signals. Nobody outside reaches into its banners or panes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from s200desk.ui.formatting import format_ago
from s200desk.ui.icons import app_icon
from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.posts.view import PostsPage
from s200desk.ui.qt import (
    QAction,
    QCloseEvent,
    QEvent,
    QHBoxLayout,
    QKeySequence,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
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
from s200desk.ui.widgets.banner import Banner
from s200desk.ui.widgets.coming_later import ComingLaterPage
from s200desk.ui.widgets.status_bar import AppStatusBar

QDockWidget = QtWidgets.QDockWidget
CALENDAR, POSTS, ANALYTICS, MEDIA = range(4)
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
        self.resize(1280, 800)
        self.setMinimumSize(900, 560)
        self._painted = False  # the first frame is complete (``first_painted`` was emitted)
        self._paint_seen = False
        self.close_requested = False  # the user (or the app) has closed the window
        self._page_builders: dict[int, Callable[[], object]] = {}

        self.sidebar = ProfileSidebar(profiles_model, selection, self)
        self.sidebar.workspace_clicked.connect(self.workspaces_requested)

        self.offline_banner = Banner("offlineBanner", "Offline notice", "Try again", self)
        self.offline_banner.action_clicked.connect(self.refresh_requested)
        self.auth_banner = Banner("authBanner", "API key notice", "Enter key…", self)
        self.auth_banner.action_clicked.connect(self.key_requested)
        self.notice_banner = Banner("noticeBanner", "Notice", "Dismiss", self)
        self.notice_banner.action_clicked.connect(self.notice_banner.hide)

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pageStack")
        self.stack.setAccessibleName("Pages")
        self.calendar_page: QWidget = ComingLaterPage(
            "calendarPage",
            "Calendar",
            "The month and week calendar with drag-and-drop rescheduling arrives in a later "
            "release.\nUse Posts (Ctrl+2) to see every scheduled and published post meanwhile.",
            self,
        )
        self.posts_page = PostsPage(posts_model, selection, self)
        self.posts_page.detail.cancel_requested.connect(self._confirm_cancel)
        self.posts_page.detail.edit_requested.connect(self.edit_requested)
        self.posts_page.post_selected.connect(self.post_selected)
        self.read_only_banner: Any = None  # built the first time a workspace has no key
        self.analytics_page: QWidget = ComingLaterPage(
            "analyticsPage",
            "Analytics",
            "Views, likes, comments and shares per post and per platform arrive in a later "
            "release.",
            self,
        )
        self.media_page: QWidget = ComingLaterPage(
            "mediaPage", "Media", "Open a workspace to see its media library.", self
        )
        self.stack.addWidget(self.calendar_page)
        self.stack.addWidget(self.posts_page)
        self.stack.addWidget(self.analytics_page)
        self.stack.addWidget(self.media_page)
        self.stack.setCurrentIndex(POSTS)

        content = QWidget(self)
        content.setObjectName("content")
        content.setAccessibleName("Content")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.offline_banner)
        column.addWidget(self.auth_banner)
        column.addWidget(self.notice_banner)
        column.addWidget(self.stack, 1)

        central = QWidget(self)
        central.setObjectName("central")
        central.setAccessibleName("Main area")
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(content, 1)
        self.setCentralWidget(central)

        self.status = AppStatusBar(self)
        self.setStatusBar(self.status)
        self._build_menus()
        self.set_title("", demo=False)

    # -- menus -----------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        name: str,
        shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setObjectName("menuBar")
        bar.setAccessibleName("Menu bar")

        self.new_post_action = self._action(
            "&New post…",
            "newPostAction",
            QKeySequence.StandardKey.New,
            "Write a post for one or more profiles",
        )
        self.new_post_action.triggered.connect(self.new_post_requested)
        self.duplicate_action = self._action(
            "&Duplicate as draft",
            "duplicateAction",
            "Ctrl+D",
            "Copy the selected post into a new draft in the composer",
        )
        self.duplicate_action.triggered.connect(self.duplicate_requested)
        self.queues_action = self._action(
            "Posting &queues…", "queuesAction", None,
            "Weekly time slots per profile, and the posts waiting in them",
        )  # fmt: skip
        self.queues_action.triggered.connect(self.queues_requested)
        self.series_action = self._action(
            "&Repeating posts…", "seriesAction", None,
            "Every repeating series: change its future posts, skip the next one, or end it",
        )  # fmt: skip
        self.series_action.triggered.connect(self.series_requested)
        self.workspaces_action = self._action(
            "&Workspaces…", "workspacesAction", "Ctrl+Shift+W", "Switch, add or rotate workspaces"
        )
        self.workspaces_action.triggered.connect(self.workspaces_requested)
        self.settings_action = self._action(
            "&Settings…", "settingsAction", "Ctrl+,", "Plan, time zone, theme and sync interval"
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action = self._action("&Quit", "quitAction", QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        file_menu = bar.addMenu("&File")
        file_menu.setObjectName("fileMenu")
        file_menu.setAccessibleName("File menu")
        file_menu.setToolTipsVisible(True)
        file_menu.addAction(self.new_post_action)
        file_menu.addAction(self.duplicate_action)
        file_menu.addAction(self.queues_action)
        file_menu.addAction(self.series_action)
        file_menu.addSeparator()
        file_menu.addAction(self.workspaces_action)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.view_actions: list[QAction] = []
        view_menu = self.view_menu = bar.addMenu("&View")
        view_menu.setObjectName("viewMenu")
        view_menu.setAccessibleName("View menu")
        for page, (text, name) in enumerate(
            (
                ("&Calendar", "calendarAction"),
                ("&Posts", "postsAction"),
                ("&Analytics", "analyticsAction"),
                ("&Media library", "mediaAction"),
            )
        ):
            action = self._action(text, name, f"Ctrl+{page + 1}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, p=page: self.show_page(p))
            view_menu.addAction(action)
            self.view_actions.append(action)
        view_menu.addSeparator()
        self.refresh_action = self._action(
            "&Refresh",
            "refreshAction",
            QKeySequence.StandardKey.Refresh,
            "Sync profiles and posts now",
        )
        self.refresh_action.setShortcuts([QKeySequence("F5")])
        self.refresh_action.triggered.connect(self.refresh_requested)
        view_menu.addAction(self.refresh_action)

        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("helpMenu")
        help_menu.setAccessibleName("Help menu")
        about = self._action("&About s200desk", "aboutAction")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)
        self._sync_view_actions()

    @Slot()
    def _show_about(self) -> None:
        from s200desk import __version__

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About s200desk",
            f"s200desk {__version__}\nSchedule and analyse social posts through the "
            "Status 200 Uploads API.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("aboutBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()

    def replace_page(self, page: int, widget: QWidget) -> None:
        """Put a feature's page (calendar, analytics …) in place of its "coming later" notice."""
        old = self.stack.widget(page)
        current = self.stack.currentIndex()
        self.stack.insertWidget(page, widget)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.setCurrentIndex(current)
        if page == CALENDAR:
            self.calendar_page = widget
        elif page == ANALYTICS:
            self.analytics_page = widget
        elif page == MEDIA:
            self.media_page = widget

    def set_outbox_dock(self, dock: QDockWidget) -> None:
        """Dock the outbox panel at the bottom, hidden until View > Outbox (Ctrl+Shift+O)."""
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        toggle = dock.toggleViewAction()
        toggle.setObjectName("outboxAction")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.addAction(toggle)
        self.view_menu.addAction(toggle)
        dock.hide()

    def set_page_builder(self, page: int, build: Callable[[], object]) -> None:
        """``build()`` puts the real page in place (``replace_page``) when it is first shown."""
        self._page_builders[page] = build

    def show_page(self, page: int) -> None:
        build = self._page_builders.pop(page, None)
        if build is not None:
            build()
        self.stack.setCurrentIndex(page)
        self._sync_view_actions()

    def _sync_view_actions(self) -> None:
        for i, action in enumerate(self.view_actions):
            action.setChecked(i == self.stack.currentIndex())

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

    def show_workspace(self, name: str, *, demo: bool, last_sync: datetime | None) -> None:
        """A workspace has opened: its title, no banner of the one before, nothing selected."""
        self.set_title(name, demo=demo)
        self.posts_page.show_no_workspace(False)
        self.auth_banner.hide()
        self.offline_banner.hide()
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
        self.offline_banner.hide()
        self.auth_banner.hide()

    def set_online(self, online: bool | None) -> None:
        self.status.set_online(online)
        if online:
            self.offline_banner.hide()

    def show_offline(
        self, cached_posts: int, last_sync: datetime | None, retry_seconds: int
    ) -> None:
        """The server cannot be reached: the cached posts stay, and a banner says so."""
        self.offline_banner.show_message(
            f"You're offline — showing the {cached_posts:,} posts saved on this computer "
            f"(last synced {format_ago(last_sync)}). s200desk tries again every "
            f"{retry_seconds} seconds."
        )

    def show_auth_problem(self, message: str) -> None:
        """The key was refused: the banner (with "Enter key…") stays as a way back."""
        self.auth_banner.show_message(
            f"{message} Enter a valid key to continue syncing; your cached posts stay visible."
        )

    @Slot(str)
    def show_notice(self, message: str) -> None:
        """A calm message above the page, until dismissed."""
        self.notice_banner.show_message(message)

    @Slot(str)
    def show_status_message(self, text: str) -> None:
        """A passing message in the status bar."""
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def set_usage(
        self, rate_limits: Mapping[str, Any], plan: str, platforms: Sequence[str]
    ) -> None:
        self.status.set_usage(rate_limits, plan, list(platforms))

    def show_read_only(self, on: bool) -> None:
        """No key at start: the cache with a banner whose button asks for the key."""
        if self.read_only_banner is None and on:
            # Imported only when needed: at start-up a worker thread imports the feature
            # pages' modules, and a second importer of the same modules risks a deadlock.
            from s200desk.ui.read_only import install_banner

            self.read_only_banner = install_banner(self)
            self.read_only_banner.action_clicked.connect(self.key_requested)
        if self.read_only_banner is not None:
            if on:
                self.read_only_banner.show_read_only()
                self.status.connection_label.setText("● Read-only (no API key)")
            else:
                self.read_only_banner.hide()

    # -- the detail pane -------------------------------------------------------------------

    @property
    def detail_post_id(self) -> str | None:
        """The post the detail pane shows (None: none)."""
        return self.posts_page.detail.post_id

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

    def set_time_zone(self, name: str | None) -> None:
        self.posts_page.detail.set_time_zone(name)

    # -- cancel confirmation (open(), never exec(): we live inside an asyncio loop) --------

    @Slot(str)
    def _confirm_cancel(self, post_id: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Cancel post",
            "Cancel this scheduled post? It will not be published.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("cancelConfirmBox")
        box.setAccessibleName("Confirm cancel")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("Cancel post")
        box.button(QMessageBox.StandardButton.No).setText("Keep it")

        def done(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                self.cancel_confirmed.emit(post_id)
            box.deleteLater()

        box.finished.connect(done)
        box.open()

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
