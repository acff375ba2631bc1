"""ComposerLauncher: the composer, the queue editor and the series dialog, on the open workspace.

Each opens on the workspace ``WorkspaceLifecycle`` holds, with its outbox; a read-only workspace
(no API key) says why instead. One composer at a time: Ctrl+N raises the open one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6

from s200desk.ui import worker_imports
from s200desk.ui.qt import QObject, Signal, Slot

if TYPE_CHECKING:
    from s200desk.config import Settings
    from s200desk.ui.composer import ComposerWindow
    from s200desk.ui.composer.state import ComposerState
    from s200desk.ui.feature_pages import FeaturePages
    from s200desk.ui.main_window import MainWindow
    from s200desk.ui.outbox import OutboxRunner
    from s200desk.ui.planning.queue_editor import QueueEditor
    from s200desk.ui.planning.series_dialog import SeriesDialog
    from s200desk.ui.session import Session
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspace_lifecycle import WorkspaceLifecycle


class ComposerLauncher(QObject):
    """Opens the windows that write posts; ``composer`` is the open composer, if any."""

    sync_requested = Signal()  # a composer finished sending: sync to show the server's view

    def __init__(
        self,
        window: MainWindow,
        lifecycle: WorkspaceLifecycle,
        pages: FeaturePages,
        tasks: TaskKeeper,
        settings: Callable[[], Settings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self._lifecycle = lifecycle
        self._pages = pages
        self.tasks = tasks
        self._settings = settings
        self.composer: ComposerWindow | None = None
        self.queues: QueueEditor | None = None  # the open queue editor (tests reach it here)

    # What ``composer.edit_mode.open_editor`` reads of its caller.
    @property
    def session(self) -> Session | None:
        return self._lifecycle.session

    @property
    def outbox(self) -> OutboxRunner | None:
        return self._lifecycle.outbox

    @property
    def settings(self) -> Settings:
        return self._settings()

    def refuse_if_read_only(self, what: str) -> bool:
        """True (and the reason shown) when the open workspace is read-only."""
        if self.session is None or not self.session.info.read_only:
            return False
        from s200desk.ui.read_only import refusal

        self.window.show_notice(refusal(what))
        return True

    @Slot()
    def open_composer(
        self,
        draft_id: str | None = None,
        when: datetime | None = None,
        state: ComposerState | None = None,
    ) -> ComposerWindow | None:
        """Ctrl+N: the composer on the open workspace (raised if already open); with ``when``
        (the calendar's "new post here", aware UTC) it starts at that time; with ``state`` (a
        ``ComposerState``: a post to edit) it starts filled."""
        session, outbox = self.session, self.outbox
        if session is None or outbox is None or self.refuse_if_read_only("post"):
            return None
        fresh = draft_id is None and when is None and state is None
        if self.composer is not None and not shiboken6.isValid(self.composer):
            self.composer = None  # went with a closed window
        if self.composer is not None and self.composer.isVisible() and fresh:
            self.composer.raise_()
            self.composer.activateWindow()
            return self.composer
        self.close_composer()
        worker_imports.load_here(worker_imports.COMPOSER)
        from s200desk.ui.composer import ComposerServices, ComposerState, ComposerWindow

        services = ComposerServices.for_session(
            session, outbox.service, self.tasks, self._settings,
            media_service=self._pages.media_service,
        )  # fmt: skip
        self.composer = ComposerWindow(services, self.window)
        self.composer.finished_sending.connect(lambda _group: self.sync_requested.emit())
        self.composer.show()
        if state is not None:
            self.composer.start(state=state)
        elif when is not None:
            self.composer.start(state=ComposerState.at(when, self.settings.time_zone))
        else:
            self.composer.start(draft_id=draft_id)
        return self.composer

    @Slot()
    def close_composer(self) -> None:
        """Close the open composer (its last edits are saved as a draft)."""
        composer, self.composer = self.composer, None
        if composer is not None and shiboken6.isValid(composer):
            composer.close()
            composer.deleteLater()

    @Slot()
    def open_queues(self) -> QueueEditor | None:
        """The posting queues: each profile's weekly slots and the posts waiting in them."""
        session, outbox = self.session, self.outbox
        if session is None or outbox is None or self.refuse_if_read_only("post"):
            return None
        worker_imports.load_here(worker_imports.COMPOSER)
        from s200desk.ui.composer import ComposerServices
        from s200desk.ui.planning.queue_editor import QueueEditor

        services = ComposerServices.for_session(session, outbox.service, self.tasks, self._settings)
        editor = QueueEditor(services.queue_editor_services(), self.window)
        editor.finished.connect(editor.deleteLater)
        editor.open()
        editor.start()
        self.queues = editor
        return editor

    @Slot()
    def open_series(self) -> SeriesDialog | None:
        """The workspace's repeating series: change their future posts, skip one, end them."""
        session, outbox = self.session, self.outbox
        if session is None or outbox is None or self.refuse_if_read_only("post"):
            return None
        if session.db is None:
            return None
        from s200desk.services.planning.series_service import SeriesService
        from s200desk.ui.planning.series_dialog import SeriesDialog

        dialog = SeriesDialog(
            SeriesService(session.db, outbox.service), self.tasks,
            lambda: self.settings.time_zone, self.window,
        )  # fmt: skip
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.start()
        return dialog

    @Slot(str)
    def edit_post(self, post_id: str) -> None:
        """Open a scheduled post in the composer, every field filled (``composer.edit_mode``)."""
        worker_imports.load_here(worker_imports.COMPOSER)
        from s200desk.ui.composer.edit_mode import open_editor

        self.tasks.start(open_editor(self, post_id), name="edit-post")

    @Slot()
    def duplicate_selected(self) -> None:
        """Ctrl+D: the post in the detail pane as a new draft."""
        post_id = self.window.detail_post_id
        if not post_id:
            self.window.show_notice("Select a post first, then duplicate it.")
            return
        self.start_duplicate(post_id)

    @Slot(str)
    def start_duplicate(self, post_id: str) -> None:
        self.tasks.start(self.duplicate_post(post_id), name="duplicate-post")

    async def duplicate_post(self, post_id: str) -> ComposerWindow | None:
        """The whole post (options too) as a new draft, opened in the composer."""
        worker_imports.load_here(worker_imports.COMPOSER)
        from s200desk.store.drafts_repo import DraftsRepo
        from s200desk.ui.composer.duplicate import duplicate_as_draft

        session = self.session
        if session is None or session.db is None:
            return None
        from s200desk.services.post_rules import listed_only

        post = await session.fetch_post(post_id)
        if post is None:
            return None
        if listed_only(post):  # offline: a copy of the list's copy would lose options, media
            self.window.show_notice(
                "Duplicating needs the whole post from Status 200, which cannot be reached now.")
            return None
        draft = await duplicate_as_draft(DraftsRepo(session.db), post)
        return self.open_composer(draft.id)
