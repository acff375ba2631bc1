"""The calendar, analytics and media pages, attached to whichever workspace is open.

The pages are built once and handed each workspace's services as it opens: the calendar moves
posts through the workspace's outbox at once; the analytics poller and the media service need the
API client, which exists only once the session has connected (after the first paint).

What the pages need is passed in (the window, the models, the task keeper, the settings); what
they ask of the rest of the app leaves as signals (``compose_requested``, ``open_post_requested``,
``duplicate_requested``, ``edit_requested``, ``sync_requested``), wired by the controller.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import shiboken6

from s200desk.services.scheduling import utc_now
from s200desk.ui import worker_imports
from s200desk.ui.main_window import ANALYTICS, CALENDAR, MEDIA, MainWindow
from s200desk.ui.qt import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    import httpx

    from s200desk.config import Settings
    from s200desk.secrets import KeyStorage
    from s200desk.services.analytics.poller import EngagementPoller
    from s200desk.services.media.service import MediaService
    from s200desk.ui.analytics.page import AnalyticsPage
    from s200desk.ui.calendar.backend import CalendarBackend
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.media.library_page import MediaLibraryPage
    from s200desk.ui.outbox import OutboxRunner
    from s200desk.ui.posts.model import PostsTableModel
    from s200desk.ui.quota_feed import QuotaFeed
    from s200desk.ui.selection import ProfileSelection
    from s200desk.ui.session import Session
    from s200desk.ui.tasks import TaskKeeper

log = logging.getLogger(__name__)


class FeaturePages(QObject):
    """Owns the feature pages of the main window and their per-workspace services."""

    compose_requested = Signal(object)  # a new post at this time (aware UTC)
    open_post_requested = Signal(str)  # show this post in the Posts page
    duplicate_requested = Signal(str)  # this post as a new draft in the composer
    edit_requested = Signal(str)  # this post in the composer, to change it
    sync_requested = Signal()  # a post was moved: sync to show the server's view
    move_failed_told = Signal(str)  # the calendar on screen told this post's failed move

    def __init__(
        self,
        window: MainWindow,
        posts_model: PostsTableModel,
        selection: ProfileSelection,
        tasks: TaskKeeper,
        settings: Callable[[], Settings],
        *,
        clock: Callable[[], datetime] | None = None,
        keystore: KeyStorage | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.posts_model = posts_model
        self.selection = selection
        self.tasks = tasks
        # Read when used: the controller's settings may be replaced after this is built (the
        # demo's plan is set once its emulator runs), and a page built later must see that.
        self._settings = settings
        self.clock = clock  # "now" for the calendar and analytics; None: the system's
        self.keystore = keystore
        self._stopped = False
        # The calendar and the media library are built on first use (``calendar``, ``media``,
        # or the page shown), or else once their modules have loaded in a thread after the
        # first paint and the first sync (the posts list has its turn first; see
        # ui/worker_imports.py). The analytics page waits for that sync too.
        self._modules_ready = False
        self._painted = False  # the window's first frame is on screen
        self._loading = False  # the modules are loading (worker_imports.AFTER_FIRST_SYNC)
        self._settled: Session | None = None  # the session whose first sync has ended
        self._first_sync: asyncio.Event | None = None
        self._calendar: CalendarPage | None = None
        self._media: MediaLibraryPage | None = None
        self._calendar_backend: CalendarBackend | None = None
        self._quota_feed: QuotaFeed | None = None
        self.analytics: AnalyticsPage | None = None  # needs a store: built on the first attach
        self.media_service: MediaService | None = None
        self._session: Session | None = None
        self._poller: EngagementPoller | None = None
        self._poller_task: asyncio.Task[Any] | None = None
        self._http: httpx.AsyncClient | None = None
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
            worker_imports.load_here(worker_imports.AFTER_FIRST_SYNC)  # or wait for its worker
            from s200desk.ui.calendar.page import CalendarPage

            page = CalendarPage(
                posts_model=self.posts_model,
                selection=self.selection,
                settings=self.settings,
                clock=self.clock,
                tasks=self.tasks,
                parent=self.window.stack,
            )
            self._calendar = page
            self.window.replace_page(CALENDAR, page)
            page.compose_requested.connect(self.compose_requested)
            page.open_requested.connect(self.open_post_requested)
            page.edit_as_draft_requested.connect(self.duplicate_requested)
            page.duplicate_requested.connect(self.duplicate_requested)
            page.edit_requested.connect(self.edit_requested)
            page.status_message.connect(self.window.show_status_message)
            page.post_moved.connect(lambda *_: self.sync_requested.emit())
            page.move_failed.connect(self.move_failed_told)
            if self._calendar_backend is not None:
                page.set_backend(self._calendar_backend)
            if self._quota_feed is not None:
                self._quota_feed.refresh()
        return self._calendar

    @property
    def media(self) -> MediaLibraryPage:
        """The media library page (built now if it was not yet)."""
        if self._media is None:
            worker_imports.load_here(worker_imports.AFTER_FIRST_SYNC)  # or wait for its worker
            from s200desk.ui.media.library_page import MediaLibraryPage

            page = MediaLibraryPage(parent=self.window.stack)
            self._media = page
            self.window.replace_page(MEDIA, page)
            self._give_media_service()
        return self._media

    def _give_media_service(self) -> None:
        page, session = self._media, self._session
        if page is None or not shiboken6.isValid(page):  # not built, or gone with the window
            return
        if self.media_service is not None and session is not None:
            page.set_service(self.media_service, self.tasks, changes=session.relay)

    @property
    def _gone(self) -> bool:
        """Closing, or the window already deleted: build nothing more."""
        return self._stopped or not shiboken6.isValid(self.window)

    def stop(self) -> None:
        """The app is closing: no page is built from now on."""
        self._stopped = True

    def build_pages(self) -> None:
        """Build whichever of the calendar and media pages is not built yet."""
        if self._gone:
            return
        self.calendar  # noqa: B018 (built on access)
        self.media  # noqa: B018

    def sync_settled(self, session: Session) -> None:
        """The workspace's first sync has ended (synced, offline or refused)."""
        if self._settled is session:
            return
        self._settled = session
        # The synced rows first: what loads next holds the GIL in worker threads, and a table
        # painting from a Python model needs it for every cell.
        if not self._gone:
            self.window.paint_posts_now()
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
        if self._gone:
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
        self.tasks.start(self._load_modules(), name="pages-import")

    async def _load_modules(self) -> None:
        try:
            await worker_imports.load_off_ui(worker_imports.AFTER_FIRST_SYNC)
        except Exception:  # built (and the error shown) on first use instead
            log.exception("the feature pages' modules did not load")
            return
        if not self._gone:
            self._on_modules_loaded()

    # -- a workspace opens and closes ------------------------------------------------------

    def attach(self, session: Session, outbox: OutboxRunner) -> None:
        """The workspace's store is open: show its data; its client follows in ``connected``."""
        worker_imports.load_here(worker_imports.AFTER_PAINT)
        from s200desk.ui.calendar.outbox_backend import OutboxCalendarBackend
        from s200desk.ui.quota_feed import QuotaFeed

        self._session = session
        self._calendar_backend = OutboxCalendarBackend(outbox.service, now=self.clock)
        if session.info.read_only:  # no key: moves and cancels say why they cannot happen
            from s200desk.ui.read_only import ReadOnlyCalendarBackend

            self._calendar_backend = ReadOnlyCalendarBackend()
        if self._calendar is not None:
            self._calendar.set_backend(self._calendar_backend)
        if self._quota_feed is not None:
            self._quota_feed.deleteLater()
        self._quota_feed = QuotaFeed(
            session, outbox.service, lambda: self._calendar, self.window.status,
            self.clock or utc_now, self.tasks, parent=self,
        )  # fmt: skip
        self._quota_feed.refresh()
        self._first_sync = first_sync = asyncio.Event()
        if self._settled is session:
            first_sync.set()
        self.tasks.start(self._show_analytics(session, first_sync), name="analytics-page")

    async def _show_analytics(self, session: Session, first_sync: asyncio.Event) -> None:
        await first_sync.wait()
        await worker_imports.load_off_ui(worker_imports.ANALYTICS)
        db = session.db
        if session is not self._session or db is None or self._gone:
            return
        if self.analytics is None:
            from s200desk.ui.analytics.page import AnalyticsPage

            self.analytics = AnalyticsPage(
                db,
                session.relay,
                self.settings,
                self._poller,
                parent=self.window.stack,
                clock=self.clock,
                tasks=self.tasks,
            )
            self.analytics.message.connect(self.window.show_status_message)
            self.window.replace_page(ANALYTICS, self.analytics)
        else:
            self.analytics.attach(db, session.relay, self._poller)
        self.analytics.refresh()

    async def connected(self, session: Session, outbox: OutboxRunner) -> None:
        """The session has its API client: start polling analytics and hosting media, once the
        workspace's first sync has ended (they would compete with it for the GIL)."""
        first_sync = self._first_sync
        if first_sync is not None and session is self._session:
            await first_sync.wait()
        await worker_imports.load_off_ui(worker_imports.ON_CONNECT)
        db = session.db
        if session is not self._session or session.client is None or db is None or self._gone:
            return
        from s200desk.services.analytics.poller import EngagementPoller

        if self.clock is not None:
            self._poller = EngagementPoller(session.client, db, bus=session.bus, clock=self.clock)
        else:
            self._poller = EngagementPoller(session.client, db, bus=session.bus)
        if self.analytics is not None:
            self.analytics.attach(db, session.relay, self._poller)
            self.analytics.refresh()
        self._poller_task = self.tasks.start(self._poller.run(), name="analytics-poller")
        await self._open_media(session, outbox)

    async def _open_media(self, session: Session, outbox: OutboxRunner) -> None:
        import httpx

        from s200desk.services.media.service import open_media_service

        # The media host's own client (never the API key), made in a worker: building its SSL
        # context would otherwise take the UI thread during the first sync.
        http = await asyncio.to_thread(httpx.AsyncClient)
        if session is not self._session or self._gone:  # switched, or the window closed meanwhile
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
            keystore=self.keystore,
        )
        self._give_media_service()
        self.tasks.start(self.media_service.resume(), name="media-resume")

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

    @property
    def settings(self) -> Settings:
        return self._settings()

    def apply_settings(self, settings: Settings) -> None:
        if self.analytics is not None and shiboken6.isValid(self.analytics):
            self.analytics.apply_settings(settings)
        if self._calendar is not None:  # a calendar built later reads the settings then
            self._calendar.apply_settings(settings)

