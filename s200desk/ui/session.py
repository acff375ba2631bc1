"""Session: one workspace's connection: client, local store, sync, as Qt signals for the window.

Plain asyncio underneath (the client, the store and the sync service know nothing of Qt); this
class turns their outcomes into signals and keeps each network failure's meaning in one place:
no network -> offline, 401 -> ask for the key again, anything else -> a calm message.
What the services write reaches Qt through ``relay`` (one ``ChangeRelay`` per session).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from s200desk.services.events import ChangeBus
from s200desk.store import Database, PlatformsRepo, PostsRepo, ProfilesRepo, SyncStateRepo
from s200desk.ui import worker_imports
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.qt import QObject, Signal

if TYPE_CHECKING:
    from s200desk.api import AsyncStatus200Client
    from s200desk.services.sync import SyncService
    from s200desk.store.records import StoredPost, StoredProfile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SessionInfo:
    """Who and where: what the window needs to label itself."""

    workspace_id: str
    workspace_name: str
    api_key: str
    base_url: str
    site_url: str
    db_path: Path
    demo: bool = False
    # The key came from S200_API_KEY rather than the workspace's saved key: the outbox then
    # adopts no intents recorded before it noted identities (services/outbox/binding.py).
    key_from_env: bool = False
    # No key was given at start: the cache is shown, nothing is synced or sent.
    read_only: bool = False


class Session(QObject):
    """Opens the workspace's store and client; syncs; reports online/offline, auth and changes."""

    online_changed = Signal(bool)
    sync_started = Signal()
    synced = Signal(object)  # datetime of the successful sync
    sync_failed = Signal(str, str)  # kind ("offline", "auth", "error"), message in plain words
    connected = Signal()  # ``client`` and the sync service exist now (see ensure_connected)

    def __init__(self, info: SessionInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.db: Database | None = None
        self.client: AsyncStatus200Client | None = None  # made by ensure_connected()
        self.posts: PostsRepo | None = None
        self.profiles: ProfilesRepo | None = None
        self.platforms: PlatformsRepo | None = None
        self.sync_state: SyncStateRepo | None = None
        self.bus: ChangeBus | None = None
        # Every change the services publish, as ``relay.changed(Change)`` in the UI thread;
        # connect to it before ``open_store()`` to see the first ones too.
        self.relay = ChangeRelay(parent=self)
        self._sync_service: SyncService | None = None
        self._sync_lock = asyncio.Lock()
        self._connect_lock = asyncio.Lock()
        self.online: bool | None = None
        self.last_sync: datetime | None = None
        self.last_sync_seconds: float | None = None
        self._closed = False

    # -- life ------------------------------------------------------------------------------

    async def open(self) -> None:
        """Open the store and the client: ``db``, repos, ``bus`` and ``client`` are all ready."""
        await self.open_store()
        await self.ensure_connected()

    async def open_store(self) -> None:
        """Open the store only (off the UI thread): enough to show the cached data.

        ``client`` stays None until ``ensure_connected()``; the window uses this to paint before
        the network stack is even imported.
        """
        self.db = await Database.open_async(self.info.db_path)
        self.posts = PostsRepo(self.db)
        self.profiles = ProfilesRepo(self.db)
        self.platforms = PlatformsRepo(self.db)
        self.sync_state = SyncStateRepo(self.db)
        self.bus = ChangeBus()
        self.relay.listen(self.bus)
        state = await self.sync_state.get("all")
        if state is not None and state.last_success_at is not None:
            self.last_sync = state.last_success_at

    async def ensure_connected(self) -> None:
        """Make the one long-lived client and the sync service, once.

        The client, httpx and pydantic's API models are imported and built in a worker thread
        (~200 ms of imports, an SSL context, anyio's backend), after the cached data is on
        screen, so none of it delays the window.
        """
        if self._sync_service is not None:
            return
        async with self._connect_lock:
            if self._sync_service is not None or self._closed:
                return
            info = self.info

            def build() -> tuple[AsyncStatus200Client, type[SyncService]]:
                worker_imports.load_here(worker_imports.SESSION_CLIENT)
                from s200desk.api import AsyncStatus200Client
                from s200desk.services.sync import SyncService

                client = AsyncStatus200Client(
                    api_key=info.api_key, base_url=info.base_url, site_url=info.site_url
                )
                return client, SyncService

            client, sync_service_cls = await asyncio.get_running_loop().run_in_executor(
                None, build
            )
            if self._closed:
                await client.close()
                return
            self.client = client
            assert self.db is not None and self.bus is not None, "open_store() comes first"
            self._sync_service = sync_service_cls(client, self.db, self.bus)
            self.connected.emit()

    async def aclose(self) -> None:
        """Close the client, then the store; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.relay.close()
        if self._sync_service is not None:
            await self._sync_service.aclose()  # a sync still running would use what closes next
        if self.client is not None:
            await self.client.close()
        if self.db is not None:
            await self.db.aclose()

    @property
    def syncing(self) -> bool:
        return self._sync_lock.locked()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- store reads -----------------------------------------------------------------------

    async def cached_posts(self, limit: int | None = None) -> list[StoredPost]:
        """The cached posts, newest moment first; the first ``limit`` only when given."""
        if self.posts is None:
            return []
        if limit is None:
            return await self.posts.query()
        from s200desk.store import PostFilter

        return await self.posts.query(PostFilter(limit=limit))

    async def cached_profiles(self) -> list[StoredProfile]:
        return await self.profiles.list() if self.profiles is not None else []

    # -- sync ------------------------------------------------------------------------------

    async def sync(self) -> bool:
        """Sync everything once; True on success. Failures become signals, never exceptions."""
        if self._closed or self.info.read_only:
            return False
        await self.ensure_connected()
        if self._sync_service is None:
            return False
        from s200desk.services.sync import SyncError  # imported by ensure_connected() already
        from s200desk.services.user_words import describe_error
        if self._sync_lock.locked():
            return False  # one sync at a time; F5 during a sync is a no-op
        async with self._sync_lock:
            self.sync_started.emit()
            started = time.perf_counter()
            try:
                await self._sync_service.sync_all()
            except SyncError as exc:
                kind = getattr(exc.kind, "value", str(exc.kind))
                if kind == "offline":
                    log.info("sync: offline (%s)", exc.detail)
                    self._set_online(False)
                    self.sync_failed.emit("offline", describe_error(exc))
                elif kind == "auth":
                    self._set_online(True)
                    self.sync_failed.emit("auth", describe_error(exc))
                else:
                    self._set_online(kind != "local")
                    self.sync_failed.emit("error", describe_error(exc))
                return False
            self.last_sync_seconds = time.perf_counter() - started
            self.last_sync = datetime.now(UTC)
            self._set_online(True)
            self.synced.emit(self.last_sync)
            return True

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    # -- single-post actions ---------------------------------------------------------------

    async def fetch_post(self, post_id: str) -> Any:
        """The whole post from the server (``posts.get``); the cached copy when offline."""
        if self.info.read_only and self.posts is not None:
            return await self.posts.get(post_id)
        await self.ensure_connected()
        assert self.client is not None and self.posts is not None
        from s200desk.api import APIConnectionError

        try:
            post = await self.client.posts.get(post_id)
        except APIConnectionError:
            self._set_online(False)
            return await self.posts.get(post_id)
        self._set_online(True)
        try:  # kept, so the detail pane shows the options offline too (no reload needed)
            await self.posts.store_details(post)
        except Exception:
            log.warning("could not keep the details of post %s", post_id, exc_info=True)
        return post

    @property
    def rate_limits(self) -> dict[str, Any]:
        return dict(self.client.rate_limits) if self.client is not None else {}
