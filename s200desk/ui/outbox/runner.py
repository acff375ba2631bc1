"""OutboxRunner: one workspace's OutboxService, its sender loop kept running, changes as signals.

The sender loop (``OutboxService.run``) holds the workspace's sender lock. While the command line
holds it (``s200desk import`` in a terminal) the loop cannot start; the runner tries again every
few seconds, and the CLI's sender sends the GUI's intents meanwhile. A refused key stops the loop
(``blocked``) until ``restart()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import shiboken6

from s200desk.services.events import Change, ChangeBus
from s200desk.services.outbox import (
    OUTBOX,
    KeyIdentity,
    OutboxBusy,
    OutboxService,
    SenderBlocked,
)
from s200desk.store.database import Database
from s200desk.ui.asyncqt import wait_signal
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.qt import QObject, Signal, Slot
from s200desk.ui.tasks import TaskKeeper

if TYPE_CHECKING:
    from s200desk.api import AsyncStatus200Client
    from s200desk.api.resources import AsyncMedia, AsyncPosts, AsyncProfiles

log = logging.getLogger(__name__)

BUSY_RETRY_SECONDS = 5.0


class SessionClient:
    """What the outbox sends through (``posts``, ``profiles``, ``media``), taken from the
    session's API client at each use: a Session makes its client only once the cached data is
    on screen (``ensure_connected``), after the outbox already exists."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def _client(self) -> AsyncStatus200Client:
        client: AsyncStatus200Client | None = self._session.client
        if client is None:
            raise RuntimeError("the workspace's API client is not connected yet")
        return client

    @property
    def posts(self) -> AsyncPosts:
        return self._client().posts

    @property
    def profiles(self) -> AsyncProfiles:
        return self._client().profiles

    @property
    def media(self) -> AsyncMedia:
        return self._client().media


class OutboxRunner(QObject):
    """Owns the outbox of the open workspace for the UI."""

    intents_changed = Signal(list)  # intent ids whose state changed
    blocked = Signal(str, str)  # kind ("auth", "offline"), message
    # Plain words: intents wait because another key or server owns them (never sent here).
    waiting = Signal(str)
    busy_changed = Signal(bool)  # another process (the CLI) is sending for this workspace

    def __init__(
        self,
        db: Database,
        client: Any,
        bus: ChangeBus,
        tasks: TaskKeeper,
        *,
        changes: ChangeRelay,
        service: OutboxService | None = None,
        connect: Callable[[], Awaitable[Any]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service or OutboxService(db, client, bus)
        if self.service.on_waiting is None:
            self.service.on_waiting = self.waiting.emit
        self._connect = connect  # awaited before the sender loop starts
        self.tasks = tasks
        self._changes = changes  # the session's relay: ``bus``'s changes as a Qt signal
        self._changes.changed.connect(self._on_change)
        self._task: asyncio.Task[Any] | None = None
        self._closed = False
        self.busy = False

    @classmethod
    def for_session(
        cls, session: Any, tasks: TaskKeeper, parent: QObject | None = None, **service_kw: Any
    ) -> OutboxRunner:
        """The runner of an open ``ui.session.Session`` (its db, client and change bus).

        Submitting and listing work at once (they need only the store); the sender loop starts
        once the session has connected its client. ``service_kw`` go to ``OutboxService``.
        """
        client = SessionClient(session)
        info = session.info
        service_kw.setdefault("identity", KeyIdentity.of(info.api_key, info.base_url))
        service_kw.setdefault("adopt_unbound", not getattr(info, "key_from_env", False))
        service = OutboxService(session.db, client, session.bus, **service_kw)

        async def connect() -> None:
            # Wait for the session's own connection (made after the window's first paint)
            # rather than forcing one: the sender must not pull the network into start-up.
            if getattr(session, "client", None) is None and hasattr(session, "connected"):
                await wait_signal(session.connected)

        return cls(
            session.db, client, session.bus, tasks, changes=session.relay, service=service,
            connect=connect, parent=parent,
        )  # fmt: skip

    @Slot(object)
    def _on_change(self, change: Change) -> None:
        if change.kind == OUTBOX and not self._closed:
            self.intents_changed.emit(list(change.ids))

    # -- the sender loop -------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the sender loop (resumes what a previous run left); safe to call again."""
        if self._closed or self.running:
            return
        self._task = self.tasks.start(self._run(), name="outbox-sender")

    def restart(self) -> None:
        self.start()

    async def _run(self) -> None:
        if self._connect is not None:
            await self._connect()
        while not self._closed:
            try:
                await self.service.run(until=self._holding_lock)
                return
            except OutboxBusy:
                self._set_busy(True)
                await asyncio.sleep(BUSY_RETRY_SECONDS)
            except SenderBlocked as exc:
                log.info("outbox sender stopped: %s", exc)
                self.blocked.emit(str(getattr(exc, "kind", "error")), str(exc))
                return

    async def _holding_lock(self) -> bool:
        # Called by the loop each round, so only once the lock is ours: nobody else sends now.
        self._set_busy(False)
        return self._closed

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    async def aclose(self) -> None:
        """Stop the sender (an interrupted send is reconciled at the next start) and unsubscribe."""
        self._closed = True
        if shiboken6.isValid(self._changes) and shiboken6.isValid(self):
            with contextlib.suppress(RuntimeError, TypeError):
                self._changes.changed.disconnect(self._on_change)
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
