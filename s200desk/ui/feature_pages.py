"""The calendar, analytics and media pages, attached to whichever workspace is open.

The pages are built once and handed each workspace's services as it opens: the calendar moves
posts through the workspace's outbox at once; the analytics poller and the media service need the
API client, which exists only once the session has connected (after the first paint).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

import shiboken6

from s200desk.ui import worker_imports
from s200desk.ui.main_window import ANALYTICS, CALENDAR, MEDIA, POSTS
from s200desk.ui.qt import QObject, QTimer, Slot

if TYPE_CHECKING:
    from s200desk.ui.analytics.page import AnalyticsPage
    from s200desk.ui.calendar import CalendarPage
    from s200desk.ui.controller import Controller
    from s200desk.ui.media.library_page import MediaLibraryPage
    from s200desk.ui.outbox import OutboxRunner
    from s200desk.ui.session import Session

log = logging.getLogger(__name__)

STATUS_MESSAGE_MS = 8000


class FeaturePages(QObject):
    """Owns the feature pages of the main window and their per-workspace services."""

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.controller = controller
        # The calendar and the media library are built on first use (``calendar``, ``media``,
        # or the page shown), or else once their modules have loaded in a thread after the
        # window's first paint and the first sync has ended (the posts list has its turn
        # first): they were ~100 ms before the first frame. The analytics page waits for that
        # sync too.
        self._modules_ready = False
        self._painted = False  # the window's first frame is on screen
        self._loading = False  # the modules are loading (worker_imports.AFTER_FIRST_SYNC)
        self._settled: Session | None = None  # the session whose first sync has ended
        self._first_sync: asyncio.Event | None = None
        self._calendar: CalendarPage | None = None
        self._media: MediaLibraryPage | None = None
        self._calendar_backend: Any = None
        self._quota_feed: Any = None
        self.analytics: AnalyticsPage | None = None  # needs a store: built on the first attach
        self.media_service: Any = None
        self._session: Session | None = None
        self._poller: Any = None
        self._poller_task: asyncio.Task[Any] | None = None
        self._http: Any = None
        window = controller.window
        window.set_page_builder(CALENDAR, lambda: self.calendar)
        window.set_page_builder(MEDIA, lambda: self.media)
        if window.is_painted:  # the first frame came before the controller: load once running
            QTimer.singleShot(0, self, self._load_after_paint)
        else:
            window.first_painted.connect(self._load_after_paint)

    # -- built on demand -------------------------------------------------------------------

    @property
    def calendar(self) -> CalendarPage:
        """The calendar page (built now if it was not yet)."""
        if self._calendar is None:
            from s200desk.ui.calendar import CalendarPage

            controller = self.controller
            page = CalendarPage(
                posts_model=controller.posts_model,
                selection=controller.selection,
                settings=controller.settings,
                clock=controller.clock,
                parent=controller.window,
            )
            self._calendar = page
            controller.window.replace_page(CALENDAR, page)
            page.compose_requested.connect(self._on_compose_requested)
            page.open_requested.connect(self._on_open_requested)
            page.edit_as_draft_requested.connect(self._on_duplicate_requested)
            page.duplicate_requested.connect(self._on_duplicate_requested)
            page.edit_requested.connect(controller.edit_post)
            page.status_message.connect(self._show_status)
            page.post_moved.connect(lambda *_: controller.request_sync())
            if self._calendar_backend is not None:
                page.set_backend(self._calendar_backend)
            if self._quota_feed is not None:
                self._quota_feed.refresh()
        return self._calendar

    @property
    def media(self) -> MediaLibraryPage:
        """The media library page (built now if it was not yet)."""
        if self._media is None:
            from s200desk.ui.media.library_page import MediaLibraryPage

            page = MediaLibraryPage(parent=self.controller.window)
            self._media = page
            self.controller.window.replace_page(MEDIA, page)
            if self.media_service is not None:
                page.set_service(self.media_service, self.controller.tasks)
        return self._media

    def build_pages(self) -> None:
        """Build whichever of the calendar and media pages is not built yet."""
        if self.controller.closing or not shiboken6.isValid(self.controller.window):
            return
        self.calendar  # noqa: B018 (built on access)
        self.media  # noqa: B018

    def sync_settled(self, session: Session) -> None:
        """The workspace's first sync has ended (synced, offline or refused)."""
        if self._settled is session:
            return
        self._settled = session
        if self._first_sync is not None and session is self._session:
            self._first_sync.set()
        if self._modules_ready:
            QTimer.singleShot(0, self, self._build_in_turns)
        else:
            self._start_loading()

    @Slot()
    def _on_modules_loaded(self) -> None:
        self._modules_ready = True
        if self._settled is not None:
            self._build_in_turns()

    @Slot()
    def _build_in_turns(self) -> None:
        # One page per turn of the event loop, so a sync under way never waits for both.
        if self.controller.closing or not shiboken6.isValid(self.controller.window):
            return
        if self._calendar is None:
            self.calendar  # noqa: B018 (built on access)
            QTimer.singleShot(0, self, self._build_in_turns)
        elif self._media is None:
            self.media  # noqa: B018

    @Slot()
    def _load_after_paint(self) -> None:
        self._painted = True
        self._start_loading()

    def _start_loading(self) -> None:
        if self._loading or not self._painted or self._settled is None:
            return
        self._loading = True
        self.controller.tasks.start(self._load_modules(), name="pages-import")

    async def _load_modules(self) -> None:
        try:
            await worker_imports.load_off_ui(worker_imports.AFTER_FIRST_SYNC)
        except Exception:  # built (and the error shown) on first use instead
            log.exception("the feature pages' modules did not load")
            return
        if not self.controller.closing:
            self._on_modules_loaded()

    # -- a workspace opens and closes ------------------------------------------------------

    def attach(self, session: Session, outbox: OutboxRunner) -> None:
        """The workspace's store is open: show its data; its client follows in ``connected``."""
        from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
        from s200desk.ui.quota_feed import QuotaFeed

        self._session = session
        self._calendar_backend = OutboxCalendarBackend(outbox.service)
        if session.info.read_only:  # no key: moves and cancels say why they cannot happen
            from s200desk.ui.read_only import ReadOnlyCalendarBackend

            self._calendar_backend = ReadOnlyCalendarBackend()
        if self._calendar is not None:
            self._calendar.set_backend(self._calendar_backend)
        if self._quota_feed is not None:
            self._quota_feed.deleteLater()
        self._quota_feed = QuotaFeed(
            session, outbox.service, lambda: self._calendar, self.controller.window.status,
            self.controller.clock or _utc_now, self.controller.tasks, parent=self,
        )  # fmt: skip
        self._quota_feed.refresh()
        self._first_sync = first_sync = asyncio.Event()
        if self._settled is session:
            first_sync.set()
        self.controller.tasks.start(
            self._show_analytics(session, first_sync), name="analytics-page"
        )

    async def _show_analytics(self, session: Session, first_sync: asyncio.Event) -> None:
        await first_sync.wait()
        await worker_imports.load_off_ui(worker_imports.ANALYTICS)
        db = session.db
        if session is not self._session or db is None:
            return
        if self.analytics is None:
            from s200desk.ui.analytics.page import AnalyticsPage

            self.analytics = AnalyticsPage(
                db,
                session.bus,
                self.controller.settings,
                self._poller,
                parent=self.controller.window,
                clock=self.controller.clock,
                tasks=self.controller.tasks,
            )
            self.analytics.message.connect(self._show_status)
            self.controller.window.replace_page(ANALYTICS, self.analytics)
        else:
            self.analytics.attach(db, session.bus, self._poller)
        self.analytics.refresh()

    async def connected(self, session: Session, outbox: OutboxRunner) -> None:
        """The session has its API client: start polling analytics and hosting media, once the
        workspace's first sync has ended (they would compete with it for the GIL)."""
        first_sync = self._first_sync
        if first_sync is not None and session is self._session:
            await first_sync.wait()
        await worker_imports.load_off_ui(worker_imports.ON_CONNECT)
        db = session.db
        if session is not self._session or session.client is None or db is None:
            return
        from s200desk.services.analytics.poller import EngagementPoller

        if self.controller.clock is not None:
            self._poller = EngagementPoller(
                session.client, db, bus=session.bus, clock=self.controller.clock
            )
        else:
            self._poller = EngagementPoller(session.client, db, bus=session.bus)
        if self.analytics is not None:
            self.analytics.attach(db, session.bus, self._poller)
            self.analytics.refresh()
        self._poller_task = self.controller.tasks.start(
            self._poller.run(), name="analytics-poller"
        )
        await self._open_media(session, outbox)

    async def _open_media(self, session: Session, outbox: OutboxRunner) -> None:
        import httpx

        from s200desk.services.media.service import open_media_service

        # The media host's own client (never the API key), made in a worker: its SSL context
        # is ~40 ms of CPU that would otherwise land on the UI thread during the first sync.
        http = await asyncio.to_thread(httpx.AsyncClient)
        if session is not self._session:
            await http.aclose()
            return
        self._http = http
        self.media_service = open_media_service(
            session.db,
            session.client,
            outbox.service,
            workspace_id=session.info.workspace_id,
            site_url=session.info.site_url,
            http=self._http,
            bus=session.bus,
            keystore=self.controller.keystore,
        )
        if self._media is not None:
            self._media.set_service(self.media_service, self.controller.tasks)
        self.controller.tasks.start(self.media_service.resume(), name="media-resume")

    async def detach(self) -> None:
        """Before the workspace's client and store close: stop everything that uses them.

        The window may already be gone (closed and deleted before the loop winds down), so Qt
        calls are made only on pages that still exist; the listeners are plain Python.
        """
        self._session = None
        if self.analytics is not None:
            self.analytics.close_page()  # stop listening before the poller says goodbye
        if self._poller_task is not None:
            self._poller_task.cancel()
            await asyncio.gather(self._poller_task, return_exceptions=True)
            self._poller_task = None
        self._poller = None
        self._calendar_backend = None
        if self._quota_feed is not None:
            await self._quota_feed.stop()
            self._quota_feed = None
        if self._calendar is not None and shiboken6.isValid(self._calendar):
            self._calendar.set_backend(None)
        if self._media is not None and shiboken6.isValid(self._media):
            self._media.set_service(None, None)
        if self.media_service is not None:
            await self.media_service.close()
            self.media_service = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def aclose(self) -> None:
        await self.detach()
        if self._calendar is not None and shiboken6.isValid(self._calendar):
            await self._calendar.aclose()

    def apply_settings(self, settings: Any) -> None:
        if self._calendar is not None:  # a calendar built later reads the settings then
            self._calendar.apply_settings(settings)

    # -- what the pages ask of the rest of the app -----------------------------------------

    @Slot(object)
    def _on_compose_requested(self, when: datetime) -> None:
        self.controller.open_composer(when=when)

    @Slot(str)
    def _on_open_requested(self, post_id: str) -> None:
        self.controller.window.show_page(POSTS)
        self.controller.show_post(post_id)

    @Slot(str)
    def _on_duplicate_requested(self, post_id: str) -> None:
        self.controller.tasks.start(self.controller.duplicate_post(post_id), name="duplicate")

    @Slot(str)
    def _show_status(self, text: str) -> None:
        self.controller.window.statusBar().showMessage(text, STATUS_MESSAGE_MS)


def _utc_now() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)
