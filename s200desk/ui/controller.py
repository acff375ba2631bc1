"""Controller: builds the window's top floor and wires it; answers what the user asks for.

Who owns what (docs/ui.md, "The top floor"):
- ``WorkspaceLifecycle`` (``lifecycle``): opens, switches and closes the workspace's ``Session``
  and its services (outbox, feature pages, notifications); syncs it.
- ``ModelRefresher`` (``refresher``): the session's changes (``Session.relay``) -> the models.
- ``StatusPresenter`` (``presenter``): the session's syncs -> the window's slots.
- ``FeaturePages`` (``pages``): the calendar, analytics and media pages.
- ``ComposerLauncher`` (``composers``): the composer, the queue editor, the series dialog.
- This class: the other requests that are not a page's own (cancel, the detail pane,
  settings, the dashboard), and the signals the app connects to (``key_needed``,
  ``workspaces_requested``, ``session_connected``, ``data_shown``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from s200desk.ui.composer_launcher import ComposerLauncher
from s200desk.ui.errors import report_failure
from s200desk.ui.feature_pages import FeaturePages
from s200desk.ui.first_frame import FirstFrame
from s200desk.ui.main_window import POSTS
from s200desk.ui.model_refresher import ModelRefresher
from s200desk.ui.qt import QApplication, QDialog, QObject, Signal, Slot
from s200desk.ui.session import Session, SessionInfo
from s200desk.ui.status_presenter import StatusPresenter
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import apply_theme
from s200desk.ui.workspace_lifecycle import WorkspaceLifecycle

# The composer and the outbox (with the API client and httpx) load after the first paint
# (ui/worker_imports.py; docs/performance.md, "Desktop shell: start-up, memory, UI stalls").
if TYPE_CHECKING:
    from s200desk.config import Settings
    from s200desk.secrets import KeyStorage
    from s200desk.services.notifications import Notice
    from s200desk.ui.composer import ComposerWindow
    from s200desk.ui.composer.state import ComposerState
    from s200desk.ui.notifications import NotificationCenter
    from s200desk.ui.outbox import OutboxDock, OutboxRunner
    from s200desk.ui.planning.queue_editor import QueueEditor
    from s200desk.ui.planning.series_dialog import SeriesDialog

log = logging.getLogger(__name__)


class Controller(QObject):
    """Everything the window needs, wired; ``start(info)`` opens a workspace, ``aclose()`` ends."""

    data_shown = Signal()  # the first read after a successful sync has reached the models
    # The active session's client exists (after the first paint, with the first sync): wire
    # what needs ``session.client`` (the outbox runner …) here, or check ``session.client``.
    session_connected = Signal(object)
    key_needed = Signal()  # the key was refused, or the user asked to enter one
    workspaces_requested = Signal()  # the user asked for the workspaces dialog

    def __init__(
        self,
        settings: Settings,
        tasks: TaskKeeper,
        *,
        demo: bool = False,
        keystore: KeyStorage | None = None,
        persist_settings: bool = True,
        clock: Callable[[], datetime] | None = None,
        first_frame: FirstFrame,
    ) -> None:
        """``first_frame``: the window (``ui.first_frame``), adopted with its models."""
        super().__init__()
        self.settings = settings
        self.clock = clock  # "now" for the calendar and analytics; None: the system's
        self.tasks = tasks
        self.demo = demo
        self.keystore = keystore
        self.persist_settings = persist_settings and not demo
        self.selection = first_frame.selection
        self.selection.setParent(self)
        self.posts_model = first_frame.posts_model
        if settings.time_zone != first_frame.settings.time_zone:
            self.posts_model.set_time_zone(settings.time_zone)
        self.profiles_model = first_frame.profiles_model
        self.window = first_frame.window
        self.window.set_time_zone(settings.time_zone)
        self._closing = False
        self.settings_dialog: QDialog | None = None  # the last one opened

        self.refresher = ModelRefresher(
            self.posts_model, self.profiles_model, start_task=tasks.start,
            gone=lambda: self._window_gone, parent=self,
        )  # fmt: skip
        self.presenter = StatusPresenter(
            self.window, self.posts_model, self.profiles_model, lambda: self.settings, self
        )
        self.pages = FeaturePages(
            self.window, self.posts_model, self.selection, tasks, lambda: self.settings,
            clock=clock, keystore=keystore, parent=self,
        )  # fmt: skip
        self.lifecycle = WorkspaceLifecycle(
            self.window, tasks, self.refresher, self.presenter, self.pages, self.selection,
            lambda: self.settings,
            on_screen=first_frame.workspace_id,
            parent=self,
        )  # fmt: skip
        self.composers = ComposerLauncher(
            self.window, self.lifecycle, self.pages, tasks, lambda: self.settings, self
        )
        self._wire()

    def _wire(self) -> None:
        self.refresher.data_shown.connect(self.data_shown)
        self.refresher.profiles_refreshed.connect(self.presenter.show_usage)
        self.presenter.key_needed.connect(self.key_needed)
        self.lifecycle.session_connected.connect(self.session_connected)
        self.lifecycle.session_closing.connect(self.composers.close_composer)
        self.composers.sync_requested.connect(self.request_sync)
        self.lifecycle.notice_clicked.connect(self.open_notice)
        pages = self.pages
        pages.compose_requested.connect(lambda when: self.composers.open_composer(when=when))
        pages.open_post_requested.connect(self._on_open_post_requested)
        pages.duplicate_requested.connect(self.composers.start_duplicate)
        pages.edit_requested.connect(self.composers.edit_post)
        pages.sync_requested.connect(self.request_sync)
        w = self.window
        w.refresh_requested.connect(self.request_sync)
        w.settings_requested.connect(self.open_settings)
        w.workspaces_requested.connect(self._on_workspaces_requested)
        w.key_requested.connect(self.key_needed)
        w.cancel_confirmed.connect(self._on_cancel_confirmed)
        w.post_selected.connect(self._on_post_selected)
        w.new_post_requested.connect(self.composers.open_composer)
        w.queues_requested.connect(self.composers.open_queues)
        w.series_requested.connect(self.composers.open_series)
        w.duplicate_requested.connect(self.composers.duplicate_selected)
        w.edit_requested.connect(self.composers.edit_post)
        w.sidebar.resync_requested.connect(self.request_sync)
        w.sidebar.dashboard_requested.connect(self.open_dashboard)

    # -- the open workspace (``lifecycle``) ------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.lifecycle.session

    @property
    def outbox(self) -> OutboxRunner | None:
        return self.lifecycle.outbox

    @property
    def outbox_dock(self) -> OutboxDock | None:
        return self.lifecycle.outbox_dock

    @property
    def notifications(self) -> NotificationCenter | None:
        return self.lifecycle.notifications

    @property
    def paint_first(self) -> bool:
        """Set by the app before ``start()``: what is not on screen loads after the paint."""
        return self.lifecycle.paint_first

    @paint_first.setter
    def paint_first(self, value: bool) -> None:
        self.lifecycle.paint_first = value

    async def start(self, info: SessionInfo, sync: bool = True) -> None:
        """Open ``info``'s workspace and show its cached data; then sync (unless told not to)."""
        await self.lifecycle.start(info, sync)

    async def switch(self, info: SessionInfo) -> None:
        """Close the current workspace and open ``info`` (no restart)."""
        await self.lifecycle.switch(info)

    @Slot()
    def request_sync(self) -> None:
        self.lifecycle.request_sync()

    async def top_up_series(self, session: Session) -> int:
        return await self.lifecycle.top_up_series(session)

    async def reload(self, what: str = "all", first: int | None = None) -> None:
        """Read the models from the store again (see ``ModelRefresher.reload``)."""
        await self.refresher.reload(what, first)

    @property
    def data_shown_emitted(self) -> bool:
        return self.refresher.data_shown_emitted

    @property
    def last_reload_ms(self) -> float | None:
        return self.refresher.last_reload_ms

    @property
    def _window_gone(self) -> bool:
        """Closing, or the window already closed: a task resuming now must touch no widget."""
        return self._closing or self.window.close_requested

    @property
    def closing(self) -> bool:
        """aclose() has begun."""
        return self._closing

    # -- what the user asks for ------------------------------------------------------------

    @Slot(object)
    def open_notice(self, notice: Notice) -> None:
        """A clicked notification: its post in the Posts page, else the outbox."""
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        if notice.post_id:
            self.window.show_page(POSTS)
            self.show_post(notice.post_id)
        elif self.outbox_dock is not None:
            self.outbox_dock.show()
            self.outbox_dock.raise_()

    def show_post(self, post_id: str) -> None:
        """Select the post in the list (when the filters show it) and load its detail pane."""
        self.window.select_post(post_id)
        self._on_post_selected(post_id)

    @Slot(str)
    def _on_post_selected(self, post_id: str) -> None:
        if self.session is not None:
            self.tasks.start(self._fetch(self.session, post_id), name="fetch-post")

    async def _fetch(self, session: Session, post_id: str) -> None:
        try:
            post = await session.fetch_post(post_id)
        except Exception as exc:  # shown in the pane, not as a dialog
            log.info("get post %s failed: %s", post_id, exc)
            if self._window_gone:
                return
            from s200desk.services.user_words import describe_error

            self.window.show_post_failure(
                post_id, f"Could not load the whole post. {describe_error(exc)}"
            )
            return
        if post is not None and not self._window_gone:
            self.window.show_post(post)

    @Slot(str)
    def _on_cancel_confirmed(self, post_id: str) -> None:
        if self.refuse_if_read_only("cancel posts"):
            return
        if self.session is not None:
            self.window.set_cancelling(True)
            self.tasks.start(self.cancel(post_id), name="cancel-post")

    async def cancel(self, post_id: str) -> bool:
        """Cancel a scheduled post; the outcome shows in the detail pane and the list."""
        session = self.session
        if session is None:
            return False
        from s200desk.ui.posts.actions import CancelQueued, CancelRefused, cancel_post

        # Clicked before the services finished loading: they come first.
        ready = await self.lifecycle.ensure_services(session) and self.outbox is not None
        if self._window_gone:  # closed meanwhile: the pane's widgets may be gone
            return False
        if not ready or self.outbox is None:
            self.window.set_cancelling(False)
            return False
        row = self.posts_model.row_at(self.posts_model.row_of(post_id))
        platform = getattr(row, "platform", None)
        try:
            await cancel_post(session, self.outbox.service, post_id, platform)
        except (CancelRefused, CancelQueued) as exc:
            if not self._window_gone:
                self.window.set_cancelling(False)
                self.window.show_notice(str(exc))
            return False
        if self._window_gone:
            return True
        self.window.set_cancelling(False)
        await self.reload("posts")
        if not self._window_gone and self.window.detail_post_id == post_id:
            post = await session.posts.get(post_id) if session.posts else None
            if post is not None and not self._window_gone:
                self.window.show_post(post)
        return True

    # -- the composer and its kin (``composers``) ----------------------------------------

    @property
    def composer(self) -> ComposerWindow | None:
        return self.composers.composer

    @property
    def queues(self) -> QueueEditor | None:
        return self.composers.queues

    @Slot()
    def open_composer(
        self,
        draft_id: str | None = None,
        when: datetime | None = None,
        state: ComposerState | None = None,
    ) -> ComposerWindow | None:
        """The composer (see ``ComposerLauncher.open_composer``)."""
        return self.composers.open_composer(draft_id, when, state)

    def open_queues(self) -> QueueEditor | None:
        return self.composers.open_queues()

    def open_series(self) -> SeriesDialog | None:
        return self.composers.open_series()

    @Slot(str)
    def edit_post(self, post_id: str) -> None:
        self.composers.edit_post(post_id)

    async def duplicate_post(self, post_id: str) -> ComposerWindow | None:
        return await self.composers.duplicate_post(post_id)

    # -- settings, keys, workspaces --------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        from s200desk.ui.settings.dialog import LiveConnection, SettingsDialog

        session = self.session
        live = None
        if session is not None and session.info.demo:  # where the demo really connects
            live = LiveConnection(session.info.base_url, session.info.site_url)
        hosting = None
        if session is not None and not session.info.demo and self.keystore is not None:
            workspace_id = session.info.workspace_id
            hosting = lambda: self.open_media_hosting(workspace_id)  # noqa: E731
        dialog = SettingsDialog(self.settings, self.window, live=live, media_hosting=hosting)
        self.settings_dialog = dialog  # the open one (tests reach it here)
        dialog.settings_accepted.connect(self.apply_settings)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_media_hosting(self, workspace_id: str) -> QDialog:
        """The workspace's media host (an S3-compatible bucket); used from the next upload on."""
        from s200desk.ui.media.host_dialog import MediaHostDialog

        dialog = MediaHostDialog(workspace_id, self.keystore, self.tasks, self.window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.media_hosting_dialog = dialog
        return dialog

    @Slot(object)
    def apply_settings(self, settings: Settings) -> None:
        old = self.settings
        self.settings = settings
        if self.persist_settings:
            from s200desk.config import save_settings

            try:
                save_settings(settings)
            except OSError as exc:
                report_failure("could not save settings", exc)
        app = QApplication.instance()
        if isinstance(app, QApplication) and settings.theme != old.theme:
            apply_theme(app, str(getattr(settings.theme, "value", settings.theme)))
        self.posts_model.set_time_zone(settings.time_zone)
        self.window.set_time_zone(settings.time_zone)
        self.pages.apply_settings(settings)
        if self.outbox_dock is not None:
            self.outbox_dock.panel.set_time_zone(settings.time_zone)
        if settings.sync_interval_minutes != old.sync_interval_minutes:
            self.lifecycle.apply_sync_interval()
        self.presenter.show_usage()
        session = self.session
        if (
            session is not None
            and not session.info.demo
            and (settings.base_url != old.base_url or settings.site_url != old.site_url)
        ):
            # New server addresses: reopen the workspace on them (the env overrides still win).
            from s200desk.config import resolve_connection

            conn = resolve_connection(settings, None)
            info = replace(session.info, base_url=conn.base_url, site_url=conn.site_url)
            self.tasks.start(self.switch(info), name="reconnect")

    def refuse_if_read_only(self, what: str) -> bool:
        """True (and the reason shown) when the open workspace is read-only."""
        return self.composers.refuse_if_read_only(what)

    @Slot()
    def open_dashboard(self) -> None:
        """The Status 200 dashboard in the browser (where a profile is reconnected)."""
        from s200desk.services.dashboard import dashboard_url
        from s200desk.ui.qt import QtCore, QtGui

        base = self.session.info.base_url if self.session is not None else self.settings.base_url
        QtGui.QDesktopServices.openUrl(QtCore.QUrl(dashboard_url(base)))

    @Slot(str)
    def _on_open_post_requested(self, post_id: str) -> None:
        self.window.show_page(POSTS)
        self.show_post(post_id)

    @Slot()
    def _on_workspaces_requested(self) -> None:
        if self.demo:
            self.window.show_notice(
                "The demo runs in a throwaway workspace; start s200desk without --demo to add "
                "your own workspaces."
            )
        else:
            self.workspaces_requested.emit()

    # -- closing ---------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Stop timers, cancel every pending task, close the client and the store."""
        self._closing = True
        self.pages.stop()
        self.lifecycle.stop_timers()
        self.refresher.close()
        self.presenter.close()
        self.composers.close_composer()  # its last edits are saved as a draft
        # First, so no task resumes into widgets that are being (or already were) deleted.
        await self.tasks.aclose()
        await self.lifecycle.aclose()
