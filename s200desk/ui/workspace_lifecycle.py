"""WorkspaceLifecycle: opens, switches and closes the workspace the window shows.

One workspace at a time: ``start(info)`` opens its ``Session`` (the store first; the client after
the window's first paint), hands it to the refresher (its changes -> the models) and the status
presenter (its syncs -> the window), attaches its services (the outbox, the feature pages, the
notifications) and syncs it on a timer; ``switch(info)`` closes it and opens another;
``aclose()`` closes it for good.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from s200desk.ui import worker_imports
from s200desk.ui.asyncqt import wait_signal
from s200desk.ui.first_frame import FIRST_SCREEN_ROWS
from s200desk.ui.heap import settle_heap
from s200desk.ui.qt import QObject, QTimer, Signal, Slot
from s200desk.ui.session import Session, SessionInfo

if TYPE_CHECKING:
    from s200desk.config import Settings
    from s200desk.ui.feature_pages import FeaturePages
    from s200desk.ui.main_window import MainWindow
    from s200desk.ui.model_refresher import ModelRefresher
    from s200desk.ui.notifications import NotificationCenter
    from s200desk.ui.outbox import OutboxDock, OutboxRunner
    from s200desk.ui.selection import ProfileSelection
    from s200desk.ui.status_presenter import StatusPresenter
    from s200desk.ui.tasks import TaskKeeper

log = logging.getLogger(__name__)


class WorkspaceLifecycle(QObject):
    """The open workspace's session and services, from open to close."""

    # The session's client exists (after the first paint, with the first sync): wire what
    # needs ``session.client`` here, or check ``session.client``.
    session_connected = Signal(object)
    session_closing = Signal()  # the open workspace is about to close (a switch, or the end)
    notice_clicked = Signal(object)  # a notification the user clicked (``Notice``)

    def __init__(
        self,
        window: MainWindow,
        tasks: TaskKeeper,
        refresher: ModelRefresher,
        presenter: StatusPresenter,
        pages: FeaturePages,
        selection: ProfileSelection,
        settings: Callable[[], Settings],
        *,
        on_screen: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``on_screen``: the workspace whose first screenful the first frame already shows."""
        super().__init__(parent)
        self.window = window
        self.tasks = tasks
        self.refresher = refresher
        self.presenter = presenter
        self.pages = pages
        self.selection = selection
        self._settings = settings
        self._on_screen = on_screen
        self.session: Session | None = None
        self.outbox: OutboxRunner | None = None
        self.outbox_dock: OutboxDock | None = None
        self.notifications: NotificationCenter | None = None
        # Set by the app before start(): the window is about to be shown, so the rest of the
        # cache is read after its first paint.
        self.paint_first = False
        self.closing = False
        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(self.request_sync)
        presenter.retry_due.connect(self.request_sync)
        self.session_connected.connect(self._on_session_connected)
        self.apply_sync_interval()

    # -- opening ---------------------------------------------------------------------------

    async def start(self, info: SessionInfo, sync: bool = True) -> None:
        """Open ``info``'s workspace and show its cached data; then sync (unless told not to:
        the app syncs once the window has painted, so the network work does not delay it)."""
        session = Session(info, self)
        await session.open_store()  # the client follows in ensure_connected(), off the UI
        await self._attach(session)
        # Kept: without it one full GC pass of 150-175 ms lands inside a 10,000-post sync
        # (tests/ui/test_ui_stall.py; docs/performance.md, "The change relay and the UI's timers").
        settle_heap()
        if sync:
            self.request_sync()

    async def _attach(self, session: Session) -> None:
        self.session = session
        if self.paint_first:
            # The outbox (its sender imports the API client and httpx) and the feature pages
            # are not part of the first frame: they follow the first paint, what they
            # need without Qt loaded in a worker.
            self.tasks.start(self._attach_services_after_paint(session), name="attach-services")
        else:
            self._attach_services(session)
        self.refresher.attach(session)
        self.presenter.attach(session)
        session.connected.connect(lambda s=session: self.session_connected.emit(s))
        self.selection.clear()
        # The first screenful first, so the window paints with the last known data
        # at once; the rest of the cache follows right after.
        on_screen, self._on_screen = self._on_screen, None
        if on_screen != session.info.workspace_id:
            await self.refresher.reload("all", first=FIRST_SCREEN_ROWS)
        self.presenter.show_usage()
        self.tasks.start(self._reload_rest(), name="reload-posts")

    def _attach_services(self, session: Session) -> None:
        """One outbox sender per workspace: the composer, the outbox panel (and the calendar's
        OutboxCalendarBackend) all use ``outbox.service``."""
        worker_imports.load_here(worker_imports.AFTER_PAINT)  # at once after the paint's worker
        from s200desk.ui.outbox import OutboxDock, OutboxRunner

        self.outbox = OutboxRunner.for_session(session, self.tasks, parent=self)
        self.outbox.waiting.connect(self.window.show_notice)
        if self.outbox_dock is None:
            self.outbox_dock = OutboxDock(self.outbox, self._settings().time_zone, self.window)
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
                self.window, self.tasks, self._settings, parent=self
            )
            self.notifications.open_requested.connect(self.notice_clicked)
            self.pages.move_failed_told.connect(self.notifications.told_on_screen)
        if self.outbox is not None:
            self.notifications.attach(session, self.outbox)

    async def ensure_services(self, session: Session) -> bool:
        """The outbox and the pages for ``session`` (waiting for the first paint if they are
        still to come); False when the workspace closed meanwhile."""
        if self.outbox is None:
            await self._attach_services_after_paint(session)
        return self.outbox is not None and session is self.session

    async def _attach_services_after_paint(self, session: Session) -> None:
        if not self.window.is_painted:
            with contextlib.suppress(TimeoutError):
                await wait_signal(self.window.first_painted, 3.0)
        await worker_imports.load_off_ui(worker_imports.AFTER_PAINT)
        if session is self.session and not self.closing and self.outbox is None:
            self._attach_services(session)

    async def _reload_rest(self) -> None:
        # Reading 10,000 records is Python work in the store's thread; run alongside the
        # window's first paint it would take the GIL from it, so it waits for that paint.
        if self.paint_first and not self.window.is_painted:
            with contextlib.suppress(TimeoutError):
                await wait_signal(self.window.first_painted, 3.0)
        await self.refresher.reload("posts")

    @Slot(object)
    def _on_session_connected(self, session: Session) -> None:
        if session is self.session and self.outbox is not None:
            self.tasks.start(self.pages.connected(session, self.outbox), name="pages-connected")

    # -- switching and closing -------------------------------------------------------------

    async def switch(self, info: SessionInfo) -> None:
        """Close the current workspace and open ``info`` (no restart)."""
        await self._close_session()
        await self.start(info)

    async def _close_session(self) -> None:
        old, self.session = self.session, None
        self.session_closing.emit()
        if self.notifications is not None:
            self.notifications.detach()
        await self.pages.detach()
        if self.outbox is not None:
            await self.outbox.aclose()
            self.outbox = None
        self.presenter.detach()
        self.refresher.detach()  # the next workspace's list opens its own reader
        if old is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                old.connected.disconnect()
            await old.aclose()

    async def aclose(self) -> None:
        """Close the workspace and its services (after the app's tasks were cancelled)."""
        self.closing = True
        self._sync_timer.stop()
        if self.notifications is not None:
            self.notifications.close()
        await self.pages.aclose()
        if self.outbox is not None:
            await self.outbox.aclose()
        self.presenter.close()
        self.refresher.close()
        if self.session is not None:
            await self.session.aclose()
        self.refresher.detach()

    def stop_timers(self) -> None:
        self.closing = True
        self._sync_timer.stop()

    # -- syncing ---------------------------------------------------------------------------

    def apply_sync_interval(self) -> None:
        minutes = max(1, int(self._settings().sync_interval_minutes))
        self._sync_timer.setInterval(minutes * 60_000)
        self._sync_timer.start()

    @Slot()
    def request_sync(self) -> None:
        if self.session is None or self.closing:
            return
        self.presenter.sync_requested()
        self.tasks.start(self._sync(self.session), name="sync")

    async def _sync(self, session: Session) -> None:
        ok = await session.sync()
        if session is not self.session or self.closing:
            return
        if ok:
            self.refresher.mark_synced()
            if self.outbox is not None:  # the server is reachable again: send what waited
                await self.outbox.service.server_reached()
            await self.top_up_series(session)
            # The sync's own changes trigger reads; make sure one follows the end of it.
            await self.refresher.reload("all")
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
