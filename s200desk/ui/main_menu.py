"""The main window's menu bar: File, View and Help, their actions and shortcuts.

Every action is also added to the window itself, so its shortcut works with the menu bar
hidden. The menu only builds the actions; the window connects them to its signals.
"""

from __future__ import annotations

from collections.abc import Callable

from s200desk.ui.qt import QAction, QKeySequence, QMainWindow, QMessageBox, QObject, Qt, Slot

VIEW_PAGES = (  # in page order (see page_stack): Ctrl+1 … Ctrl+4
    ("&Calendar", "calendarAction"),
    ("&Posts", "postsAction"),
    ("&Analytics", "analyticsAction"),
    ("&Media library", "mediaAction"),
)


class MainMenu(QObject):
    def __init__(self, window: QMainWindow, show_page: Callable[[int], None]) -> None:
        super().__init__(window)
        self._window = window
        bar = window.menuBar()
        bar.setObjectName("menuBar")
        bar.setAccessibleName("Menu bar")

        self.new_post_action = self._action(
            "&New post…",
            "newPostAction",
            QKeySequence.StandardKey.New,
            "Write a post for one or more profiles",
        )
        self.duplicate_action = self._action(
            "&Duplicate as draft",
            "duplicateAction",
            "Ctrl+D",
            "Copy the selected post into a new draft in the composer",
        )
        self.queues_action = self._action(
            "Posting &queues…", "queuesAction", None,
            "Weekly time slots per profile, and the posts waiting in them",
        )  # fmt: skip
        self.series_action = self._action(
            "&Repeating posts…", "seriesAction", None,
            "Every repeating series: change its future posts, skip the next one, or end it",
        )  # fmt: skip
        self.workspaces_action = self._action(
            "&Workspaces…", "workspacesAction", "Ctrl+Shift+W", "Switch, add or rotate workspaces"
        )
        self.settings_action = self._action(
            "&Settings…", "settingsAction", "Ctrl+,", "Plan, time zone, theme and sync interval"
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action("&Quit", "quitAction", QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(window.close)

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
        for page, (text, name) in enumerate(VIEW_PAGES):
            action = self._action(text, name, f"Ctrl+{page + 1}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, p=page: show_page(p))
            view_menu.addAction(action)
            self.view_actions.append(action)
        view_menu.addSeparator()
        self.search_action = self._action(
            "&Find posts…",
            "searchAction",
            QKeySequence.StandardKey.Find,
            "Find posts by caption or handle (Down or Enter: into the list)",
        )
        view_menu.addAction(self.search_action)
        self.refresh_action = self._action(
            "&Refresh",
            "refreshAction",
            QKeySequence.StandardKey.Refresh,
            "Sync profiles and posts now",
        )
        self.refresh_action.setShortcuts([QKeySequence("F5")])
        view_menu.addAction(self.refresh_action)

        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("helpMenu")
        help_menu.setAccessibleName("Help menu")
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", "shortcutsAction", "Ctrl+/",
            "Every key the app answers to, by page",
        )  # fmt: skip
        self.shortcuts_action.triggered.connect(self._show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        about = self._action("&About s200desk", "aboutAction")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

    def _action(
        self,
        text: str,
        name: str,
        shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self._window.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def check_page(self, page: int) -> None:
        """View > the page shown is the one ticked."""
        for i, action in enumerate(self.view_actions):
            action.setChecked(i == page)

    def add_view_toggle(self, toggle: QAction) -> None:
        """A panel's show/hide action (the outbox dock's) at the end of View, shortcut and all."""
        self._window.addAction(toggle)
        self.view_menu.addAction(toggle)

    @Slot()
    def _show_shortcuts(self) -> None:
        from s200desk.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self._window).open()

    @Slot()
    def _show_about(self) -> None:
        from s200desk import __version__

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About s200desk",
            f"s200desk {__version__}\nSchedule and analyse social posts through the "
            "Status 200 Uploads API.",
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setObjectName("aboutBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
