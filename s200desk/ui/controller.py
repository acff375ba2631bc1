"""Controller: owns the window, its models, the active Session and every background task.

The flow of data: Session (client + store + sync) -> ChangeBus -> Session.data_changed ->
a debounced reload from the store -> the Qt models -> every view. Views never hold data.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

import shiboken6

from s200desk.store.post_window import PostWindowReader
from s200desk.ui import worker_imports
from s200desk.ui.asyncqt import wait_signal
from s200desk.ui.errors import report_failure
from s200desk.ui.feature_pages import FeaturePages
from s200desk.ui.first_frame import FIRST_SCREEN_ROWS, FirstFrame
from s200desk.ui.formatting import format_ago
from s200desk.ui.heap import settle_heap
from s200desk.ui.qt import QApplication, QObject, QTimer, Signal, Slot
from s200desk.ui.session import Session, SessionInfo
from s200desk.ui.sidebar.model import ProfileRow
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import apply_theme

# The composer, the outbox (and through it the API client and httpx) are imported when first
# needed, after the window has painted: at module level they were ~250 ms of every start-up.
if TYPE_CHECKING:
    from s200desk.config import Settings
    from s200desk.secrets import KeyStorage
    from s200desk.ui.composer import ComposerWindow
    from s200desk.ui.notifications import NotificationCenter
    from s200desk.ui.outbox import OutboxDock, OutboxRunner

log = logging.getLogger(__name__)


OFFLINE_RETRY_MS = 30_000
RELOAD_DEBOUNCE_MS = 150
SYNC_RELOAD_MS = 1000


class Controller(QObject):
    """Everything the window needs, wired; ``start(info)`` opens a workspace, ``aclose()`` ends."""

    posts_loaded = Signal(int)  # rows in the store after a reload
    data_shown = Signal()  # the first reload after a successful sync has reached the models
    key_refused = Signal()
    # The active session's client exists (after the first paint, with the first sync): wire
    # what needs ``session.client`` (the outbox runner …) here, or check ``session.client``.
    session_connected = Signal(object)

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
        self.session: Session | None = None
        self.selection = first_frame.selection
        self.selection.setParent(self)
        self.posts_model = first_frame.posts_model
        if settings.time_zone != first_frame.settings.time_zone:
            self.posts_model.set_time_zone(settings.time_zone)
        self.profiles_model = first_frame.profiles_model
        self.window = first_frame.window
        self.window.posts_page.detail.set_time_zone(settings.time_zone)
        self._reload_lock = asyncio.Lock()
        self._wanted: set[str] = set()
        self._pending_kinds: set[str] = set()
        # The posts a change named since the last reload (None: some change named none).
        self._changed_post_ids: set[str] | None = set()
        self._synced_once = False
        self._data_shown_emitted = False
        self._closing = False
        self.last_reload_ms: float | None = None
        self.on_key_needed: Callable[[], None] | None = None  # set by the app (welcome dialog)
        self.on_workspaces: Callable[[], None] | None = None
        self.outbox: OutboxRunner | None = None
        self.outbox_dock: OutboxDock | None = None
        self.composer: ComposerWindow | None = None
        self.queues: Any = None  # the open queue editor (tests reach it here)
        self.notifications: NotificationCenter | None = None
        self.read_only_banner: Any = None
        # Set by the app before start(): the window is about to be shown, so the rest of the
        # cache is read after its first paint.
        self.paint_first = False
        # The workspace whose first screenful the first frame already shows: not read twice.
        self._on_screen = first_frame.workspace_id

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DEBOUNCE_MS)
        self._reload_timer.timeout.connect(self._start_reload)
        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(self.request_sync)
        self._offline_timer = QTimer(self)
        self._offline_timer.setSingleShot(True)
        self._offline_timer.setInterval(OFFLINE_RETRY_MS)
        self._offline_timer.timeout.connect(self.request_sync)
        self._apply_sync_interval()

        w = self.window
        w.refresh_requested.connect(self.request_sync)
        w.settings_requested.connect(self.open_settings)
        w.workspaces_requested.connect(self._on_workspaces_requested)
        w.key_requested.connect(self._on_key_requested)
        w.cancel_confirmed.connect(self._on_cancel_confirmed)
        w.posts_page.post_selected.connect(self._on_post_selected)
        w.new_post_requested.connect(self.open_composer)
        w.queues_requested.connect(self.open_queues)
        w.series_requested.connect(self.open_series)
        w.duplicate_requested.connect(self._on_duplicate_requested)
        w.posts_page.detail.edit_requested.connect(self.edit_post)
        w.sidebar.resync_requested.connect(self.request_sync)
        w.sidebar.dashboard_requested.connect(self.open_dashboard)
        self.pages = FeaturePages(self)
        self.session_connected.connect(self._on_session_connected)

    @property
    def _window_gone(self) -> bool:
        """Closing, or the window already closed: a task resuming now must touch no widget."""
        return self._closing or self.window.close_requested

    @property
    def closing(self) -> bool:
        """aclose() has begun."""
        return self._closing

    @property
    def data_shown_emitted(self) -> bool:
        return self._data_shown_emitted

    # -- workspace -------------------------------------------------------------------------

    async def start(self, info: SessionInfo, sync: bool = True) -> None:
        """Open ``info``'s workspace and show its cached data; then sync (unless told not to:
        the app syncs once the window has painted, so the network work does not delay it)."""
        session = Session(info, self)
        await session.open_store()  # the client follows in ensure_connected(), off the UI
        await self._attach(session)
        settle_heap()
        if sync:
            self.request_sync()

    async def _attach(self, session: Session) -> None:
        self.session = session
        if self.paint_first:
            # The outbox (its sender imports the API client and httpx) and the feature pages
            # are not part of the first frame: they follow the first paint, their modules
            # loaded in a worker.
            self.tasks.start(self._attach_services_after_paint(session), name="attach-services")
        else:
            self._attach_services(session)
        session.data_changed.connect(self._on_data_changed)
        session.changed.connect(self._on_change)
        session.online_changed.connect(self._on_online_changed)
        session.sync_started.connect(self._on_sync_started)
        session.synced.connect(self._on_synced)
        session.sync_failed.connect(self._on_sync_failed)
        session.connected.connect(lambda s=session: self.session_connected.emit(s))
        info = session.info
        self.window.set_title(info.workspace_name, demo=info.demo)
        self.window.auth_banner.hide()
        self.window.offline_banner.hide()
        self.window.posts_page.detail.clear()
        self.selection.clear()
        self.window.status.set_online(None)
        self._show_read_only(info.read_only)
        self.window.status.set_last_sync(session.last_sync)
        self._synced_once = False
        # The first screenful first (a few ms), so the window paints with the last known data
        # at once; the rest of the cache follows right after.
        on_screen, self._on_screen = self._on_screen, None
        if on_screen != info.workspace_id:
            await self.reload("all", first=FIRST_SCREEN_ROWS)
        self._update_usage()
        self.tasks.start(self._reload_rest(), name="reload-posts")

    def _attach_services(self, session: Session) -> None:
        """One outbox sender per workspace: the composer, the outbox panel (and the calendar's
        OutboxCalendarBackend) all use self.outbox.service."""
        from s200desk.ui.outbox import OutboxDock, OutboxRunner

        self.outbox = OutboxRunner.for_session(session, self.tasks, parent=self)
        self.outbox.waiting.connect(self.window.notice_banner.show_message)
        if self.outbox_dock is None:
            self.outbox_dock = OutboxDock(self.outbox, self.settings.time_zone, self.window)
            self.window.set_outbox_dock(self.outbox_dock)
        else:
            self.outbox_dock.panel.set_runner(self.outbox)
        self.outbox.start()
        self.tasks.start(self.top_up_series(session), name="series-top-up")
        self.tasks.start(self.outbox_dock.panel.reload(), name="outbox-panel-reload")
        self.pages.attach(session, self.outbox)
        self._attach_notifications(session)
        if session.client is not None:  # connected while the services waited for the paint
            self._on_session_connected(session)

    def _attach_notifications(self, session: Session) -> None:
        from s200desk.ui.notifications import NotificationCenter

        if self.notifications is None:
            self.notifications = NotificationCenter(
                self.window, self.tasks, lambda: self.settings, parent=self
            )
            self.notifications.open_requested.connect(self.open_notice)
        if self.outbox is not None:
            self.notifications.attach(session, self.outbox)

    @Slot(object)
    def open_notice(self, notice: Any) -> None:
        """A clicked notification: its post in the Posts page, else the outbox."""
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        if notice.post_id:
            self.window.show_page(1)
            self.show_post(notice.post_id)
        elif self.outbox_dock is not None:
            self.outbox_dock.show()
            self.outbox_dock.raise_()

    async def _attach_services_after_paint(self, session: Session) -> None:
        if not self.window.is_painted:
            with contextlib.suppress(TimeoutError):
                await wait_signal(self.window.first_painted, 3.0)
        await worker_imports.load_off_ui(worker_imports.AFTER_PAINT)
        if session is self.session and not self._closing and self.outbox is None:
            self._attach_services(session)

    async def _reload_rest(self) -> None:
        # Reading 10,000 records is Python work in the store's thread; run alongside the
        # window's first paint it would take the GIL from it, so it waits for that paint.
        if self.paint_first and not self.window.is_painted:
            with contextlib.suppress(TimeoutError):
                await wait_signal(self.window.first_painted, 3.0)
        await self.reload("posts")

    async def switch(self, info: SessionInfo) -> None:
        """Close the current workspace and open ``info`` (no restart)."""
        old = self.session
        self.session = None
        self._close_composer()
        if self.notifications is not None:
            self.notifications.detach()
        await self.pages.detach()
        if self.outbox is not None:
            await self.outbox.aclose()
            self.outbox = None
        if old is not None:
            for signal in (
                old.data_changed,
                old.changed,
                old.online_changed,
                old.sync_started,
                old.synced,
                old.sync_failed,
                old.connected,
            ):
                signal.disconnect()
            await old.aclose()
        self._close_posts_reader()  # the next workspace's list opens its own
        await self.start(info)

    # -- reloading from the store ----------------------------------------------------------

    @Slot(str)
    def _on_data_changed(self, kind: str) -> None:
        if not (kind.startswith("post") or kind.startswith("profile")):
            return
        self._pending_kinds.add(kind)
        if not self._reload_timer.isActive():
            # While a sync streams pages in, show progress about once a second rather than
            # re-reading 10,000 rows after every stored batch; the sync's end reloads at once.
            syncing = self.session is not None and self.session.syncing
            self._reload_timer.start(SYNC_RELOAD_MS if syncing else RELOAD_DEBOUNCE_MS)

    @Slot(object)
    def _on_change(self, change: Any) -> None:
        kind = str(getattr(change, "kind", ""))
        if not kind.startswith("post") or self._changed_post_ids is None:
            return
        ids = tuple(getattr(change, "ids", ()) or ())
        if ids:
            self._changed_post_ids.update(ids)
        else:
            self._changed_post_ids = None

    def _take_changed_post_ids(self) -> set[str] | None:
        ids, self._changed_post_ids = self._changed_post_ids, set()
        return ids

    @Slot()
    def _start_reload(self) -> None:
        kinds = self._pending_kinds or {"all"}
        self._pending_kinds = set()
        if self._closing:
            return
        what = (
            "all"
            if len({k.split("_")[0] for k in kinds}) > 1 or "all" in kinds
            else next(iter(kinds)).split("_")[0]
        )
        self.tasks.start(self.reload(what), name=f"reload-{what}")

    async def reload(self, what: str = "all", first: int | None = None) -> None:
        """Read posts and/or profiles from the store into the models (rows built off the UI).

        Concurrent calls coalesce: a call made while a reload runs waits for it, then reads
        again only if what it asked for has not been read since.
        """
        self._wanted |= (
            {"posts", "profiles"}
            if what == "all"
            else {"posts" if what.startswith("post") else "profiles"}
        )
        async with self._reload_lock:
            wanted, self._wanted = self._wanted, set()
            session = self.session
            # Closing: the window may already be deleted while the last tasks wind down.
            if not wanted or session is None or session.closed or self._closing:
                return
            synced = self._synced_once  # only a read begun after a sync shows synced data
            if "profiles" in wanted:
                profiles = await session.cached_profiles()
                if self._window_gone:
                    return
                self.profiles_model.set_profiles([ProfileRow.from_profile(p) for p in profiles])
                self.posts_model.set_profile_names(self.profiles_model.names())
                self._update_usage()
            if "posts" in wanted:
                # A first screenful is a plain list (a few ms at any size); the whole list
                # follows the paint, read from the store in windows.
                if first is None and self._read_posts_windowed(session):
                    rows = self.posts_model.total_count
                else:
                    stored = await session.cached_posts(limit=first)
                    if session is not self.session or self._window_gone:
                        return
                    started = time.perf_counter()
                    self.posts_model.set_posts(stored)  # the store's records as they are
                    self.last_reload_ms = (time.perf_counter() - started) * 1000
                    rows = len(stored)
                self.posts_loaded.emit(rows)
                if first is not None:
                    self._wanted.add("posts")  # only a first screenful: the rest is still due
                if synced and first is None and not self._data_shown_emitted and rows:
                    self._data_shown_emitted = True
                    self.data_shown.emit()

    def _read_posts_windowed(self, session: Session) -> bool:
        """Point the posts model at ``session``'s store, or refresh it with what changed;
        False when the store cannot be read that way (in memory): then it is loaded whole."""
        model = self.posts_model
        path = session.info.db_path
        reader = model.reader
        started = time.perf_counter()
        if reader is not None and reader.path == path:
            model.refresh(self._take_changed_post_ids())
        else:
            try:
                fresh = PostWindowReader.open(path)
            except (OSError, sqlite3.Error, ValueError) as exc:
                log.info("posts list reads the store whole: %s", exc)
                return False
            self._take_changed_post_ids()
            model.set_reader(fresh)
            if reader is not None:
                reader.close()
        self.last_reload_ms = (time.perf_counter() - started) * 1000
        return True

    def _close_posts_reader(self) -> None:
        """The list's read-only connection goes with the store (the list is left empty)."""
        model = self.posts_model
        reader = model.reader if shiboken6.isValid(model) else None
        if reader is None:
            return
        model.set_reader(None)
        reader.close()

    # -- sync ------------------------------------------------------------------------------

    @Slot()
    def request_sync(self) -> None:
        if self.session is None or self._closing:
            return
        self._offline_timer.stop()
        self.tasks.start(self._sync(self.session), name="sync")

    async def _sync(self, session: Session) -> None:
        ok = await session.sync()
        if session is not self.session or self._closing:
            return
        if ok:
            self._synced_once = True
            await self.top_up_series(session)
            # The sync's own changes trigger reloads; make sure one follows the end of it.
            await self.reload("all")
        self.pages.sync_settled(session)

    async def top_up_series(self, session: Session) -> int:
        """Record the repeating posts' occurrences now inside their horizon (at start-up and
        after each sync); a read-only workspace posts nothing."""
        if (self.outbox is None or session is not self.session or session.info.read_only
                or session.db is None):  # fmt: skip
            return 0
        from s200desk.services.planning.series_service import SeriesService

        try:
            return await SeriesService(session.db, self.outbox.service).top_up()
        except Exception:  # the next sync tries again; the rest of the app goes on
            log.warning("could not top up the repeating posts", exc_info=True)
            return 0

    @Slot()
    def _on_sync_started(self) -> None:
        if self._closing:
            return
        self.window.status.set_syncing(True)

    @Slot(object)
    def _on_synced(self, when: datetime) -> None:
        if self._closing:
            return
        self.window.status.set_syncing(False)
        self.window.status.set_last_sync(when)
        self.window.offline_banner.hide()
        self.window.auth_banner.hide()
        self._update_usage()

    @Slot(str, str)
    def _on_sync_failed(self, kind: str, message: str) -> None:
        if self._closing:
            return
        self.window.status.set_syncing(False)
        if kind == "offline":
            last = self.session.last_sync if self.session else None
            cached = self.posts_model.total_count
            self.window.offline_banner.show_message(
                f"You're offline — showing the {cached:,} posts saved on this computer "
                f"(last synced {format_ago(last)}). s200desk tries again every 30 seconds."
            )
            self._offline_timer.start()
        elif kind == "auth":
            self.window.auth_banner.show_message(
                f"{message} Enter a valid key to continue syncing; your cached posts stay visible."
            )
            self.key_refused.emit()
            if self.on_key_needed is not None:
                self.on_key_needed()  # ask for the key right away; the banner stays as a way back
        else:
            self.window.notice_banner.show_message(message)

    @Slot(bool)
    def _on_online_changed(self, online: bool) -> None:
        if self._closing:
            return
        self.window.status.set_online(online)
        if online:
            self.window.offline_banner.hide()

    def _update_usage(self) -> None:
        if self.session is None:
            return
        platforms = []
        for row in self.profiles_model.rows():
            if row.platform not in platforms:
                platforms.append(row.platform)
        plan = getattr(self.settings.plan, "value", self.settings.plan)
        self.window.status.set_usage(self.session.rate_limits, str(plan), platforms)

    def _apply_sync_interval(self) -> None:
        self._sync_timer.setInterval(max(1, int(self.settings.sync_interval_minutes)) * 60_000)
        self._sync_timer.start()

    # -- the posts view --------------------------------------------------------------------

    @Slot(object)
    def _on_session_connected(self, session: Session) -> None:
        if session is self.session and self.outbox is not None:
            self.tasks.start(self.pages.connected(session, self.outbox), name="pages-connected")

    def show_post(self, post_id: str) -> None:
        """Select the post in the list (when the filters show it) and load its detail pane."""
        self.window.posts_page.select_post(post_id)
        self._on_post_selected(post_id)

    @Slot(str)
    def _on_post_selected(self, post_id: str) -> None:
        if self.session is not None:
            self.tasks.start(self._fetch(self.session, post_id), name="fetch-post")

    async def _fetch(self, session: Session, post_id: str) -> None:
        detail = self.window.posts_page.detail
        try:
            post = await session.fetch_post(post_id)
        except Exception as exc:  # shown in the pane, not as a dialog
            log.info("get post %s failed: %s", post_id, exc)
            if self._window_gone:
                return
            detail.show_error(post_id, f"Could not load the full post: {exc}")
            return
        if post is not None and not self._window_gone:
            detail.show_post(post)

    @Slot(str)
    def _on_cancel_confirmed(self, post_id: str) -> None:
        if self.refuse_if_read_only("cancel posts"):
            return
        if self.session is not None:
            self.window.posts_page.detail.set_cancelling()
            self.tasks.start(self.cancel(post_id), name="cancel-post")

    async def cancel(self, post_id: str) -> bool:
        """Cancel a scheduled post; the outcome shows in the detail pane and the list."""
        session = self.session
        detail = self.window.posts_page.detail
        if session is None:
            return False
        from s200desk.ui.posts.actions import CancelQueued, CancelRefused, cancel_post

        if self.outbox is None:  # clicked before the services finished loading
            await self._attach_services_after_paint(session)
        if self.outbox is None or session is not self.session:
            detail.reset_cancel_button()
            return False
        row = self.posts_model.row_at(self.posts_model.row_of(post_id))
        platform = getattr(row, "platform", None)
        try:
            await cancel_post(session, self.outbox.service, post_id, platform)
        except (CancelRefused, CancelQueued) as exc:
            detail.reset_cancel_button()
            self.window.notice_banner.show_message(str(exc))
            return False
        detail.reset_cancel_button()
        await self.reload("posts")
        if detail.post_id == post_id:
            post = await session.posts.get(post_id) if session.posts else None
            if post is not None:
                detail.show_post(post)
        return True

    # -- the composer ----------------------------------------------------------------------

    @Slot()
    def open_composer(
        self, draft_id: str | None = None, when: datetime | None = None, state: Any = None
    ) -> ComposerWindow | None:
        """Ctrl+N: the composer on the open workspace (raised if already open); with ``when``
        (the calendar's "new post here", aware UTC) it starts at that time; with ``state`` (a
        ``ComposerState``: a post to edit) it starts filled."""
        if self.session is None or self.outbox is None or self.refuse_if_read_only("post"):
            return None
        fresh = draft_id is None and when is None and state is None
        if self.composer is not None and not shiboken6.isValid(self.composer):
            self.composer = None  # went with a closed window
        if self.composer is not None and self.composer.isVisible() and fresh:
            self.composer.raise_()
            self.composer.activateWindow()
            return self.composer
        self._close_composer()
        from s200desk.ui.composer import ComposerServices, ComposerState, ComposerWindow

        services = ComposerServices.for_session(
            self.session,
            self.outbox.service,
            self.tasks,
            lambda: self.settings,
            media_service=self.pages.media_service,
        )
        self.composer = ComposerWindow(services, self.window)
        self.composer.finished_sending.connect(lambda _group: self.request_sync())
        self.composer.show()
        if state is not None:
            self.composer.start(state=state)
        elif when is not None:
            self.composer.start(state=ComposerState.at(when, self.settings.time_zone))
        else:
            self.composer.start(draft_id=draft_id)
        return self.composer

    @Slot()
    def open_queues(self) -> Any:
        """The posting queues: each profile's weekly slots and the posts waiting in them."""
        if self.session is None or self.outbox is None or self.refuse_if_read_only("post"):
            return None
        from s200desk.ui.composer import ComposerServices
        from s200desk.ui.planning.queue_editor import QueueEditor

        services = ComposerServices.for_session(
            self.session, self.outbox.service, self.tasks, lambda: self.settings
        )
        editor = QueueEditor(services.queue_editor_services(), self.window)
        editor.finished.connect(editor.deleteLater)
        editor.open()
        editor.start()
        self.queues = editor
        return editor

    def open_series(self) -> Any:
        """The workspace's repeating series: change their future posts, skip one, end them."""
        if self.session is None or self.outbox is None or self.refuse_if_read_only("post"):
            return None
        if self.session.db is None:
            return None
        from s200desk.services.planning.series_service import SeriesService
        from s200desk.ui.planning.series_dialog import SeriesDialog

        dialog = SeriesDialog(
            SeriesService(self.session.db, self.outbox.service), self.tasks,
            lambda: self.settings.time_zone, self.window,
        )  # fmt: skip
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.start()
        return dialog

    def _close_composer(self) -> None:
        composer, self.composer = self.composer, None
        if composer is not None and shiboken6.isValid(composer):
            composer.close()
            composer.deleteLater()

    @Slot(str)
    def edit_post(self, post_id: str) -> None:
        """Open a scheduled post in the composer, every field filled (``composer.edit_mode``)."""
        from s200desk.ui.composer.edit_mode import open_editor

        self.tasks.start(open_editor(self, post_id), name="edit-post")

    @Slot()
    def _on_duplicate_requested(self) -> None:
        post_id = self.window.posts_page.detail.post_id
        if not post_id:
            self.window.notice_banner.show_message("Select a post first, then duplicate it.")
            return
        self.tasks.start(self.duplicate_post(post_id), name="duplicate-post")

    async def duplicate_post(self, post_id: str) -> ComposerWindow | None:
        """The whole post (options too) as a new draft, opened in the composer."""
        from s200desk.store.drafts_repo import DraftsRepo
        from s200desk.ui.composer.duplicate import duplicate_as_draft

        session = self.session
        if session is None or session.db is None:
            return None
        post = await session.fetch_post(post_id)
        if post is None:
            return None
        draft = await duplicate_as_draft(DraftsRepo(session.db), post)
        return self.open_composer(draft.id)

    # -- settings, keys, workspaces --------------------------------------------------------

    @Slot()
    def open_settings(self) -> None:
        from s200desk.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.window)
        dialog.settings_accepted.connect(self.apply_settings)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

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
        self.window.posts_page.detail.set_time_zone(settings.time_zone)
        self.pages.apply_settings(settings)
        if self.outbox_dock is not None:
            self.outbox_dock.panel.set_time_zone(settings.time_zone)
        if settings.sync_interval_minutes != old.sync_interval_minutes:
            self._apply_sync_interval()
        self._update_usage()
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

    def _show_read_only(self, on: bool) -> None:
        """No key at start: the cache with a banner whose button asks for the key."""
        if self.read_only_banner is None and on:
            # Imported only when needed: at start-up a worker thread imports the feature
            # pages' modules, and a second importer of the same modules risks a deadlock.
            from s200desk.ui.read_only import install_banner

            self.read_only_banner = install_banner(self.window)
            self.read_only_banner.action_clicked.connect(self._on_key_requested)
        if self.read_only_banner is not None:
            if on:
                self.read_only_banner.show_read_only()
                self.window.status.connection_label.setText("● Read-only (no API key)")
            else:
                self.read_only_banner.hide()

    def refuse_if_read_only(self, what: str) -> bool:
        """True (and the reason shown) when the open workspace is read-only."""
        if self.session is None or not self.session.info.read_only:
            return False
        from s200desk.ui.read_only import refusal

        self.window.notice_banner.show_message(refusal(what))
        return True

    @Slot()
    def open_dashboard(self) -> None:
        """The Status 200 dashboard in the browser (where a profile is reconnected)."""
        from s200desk.services.dashboard import dashboard_url
        from s200desk.ui.qt import QtCore, QtGui

        base = self.session.info.base_url if self.session is not None else self.settings.base_url
        QtGui.QDesktopServices.openUrl(QtCore.QUrl(dashboard_url(base)))

    @Slot()
    def _on_key_requested(self) -> None:
        if self.on_key_needed is not None:
            self.on_key_needed()

    @Slot()
    def _on_workspaces_requested(self) -> None:
        if self.on_workspaces is not None:
            self.on_workspaces()
        elif self.demo:
            self.window.notice_banner.show_message(
                "The demo runs in a throwaway workspace; start s200desk without --demo to add "
                "your own workspaces."
            )

    # -- closing ---------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Stop timers, cancel every pending task, close the client and the store."""
        self._closing = True
        for timer in (self._reload_timer, self._sync_timer, self._offline_timer):
            timer.stop()
        self._close_composer()  # its last edits are saved as a draft
        # First, so no task resumes into widgets that are being (or already were) deleted.
        await self.tasks.aclose()
        if self.notifications is not None:
            self.notifications.close()
        await self.pages.aclose()
        if self.outbox is not None:
            await self.outbox.aclose()
        if self.session is not None:
            await self.session.aclose()
        self._close_posts_reader()
