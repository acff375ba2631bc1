"""ModelRefresher: the open workspace's changes, applied to the posts and profiles models.

A change travels: a service writes the store -> ``ChangeBus.publish(Change(kind, ids))`` ->
``Session.relay.changed`` (the UI thread) -> :meth:`ModelRefresher.apply` -> the models read the
store again for what changed: the posts list gives the named posts ``dataChanged`` and inserts or
removes rows in place (``PostsTableModel.refresh(ids)``); the profiles model updates the rows
whose profile changed (``ProfilesModel.set_profiles``). Views never hold data of their own.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6

from s200desk.services import events
from s200desk.services.events import Change
from s200desk.store.post_window import PostWindowReader
from s200desk.ui.qt import QObject, QTimer, Signal, Slot
from s200desk.ui.sidebar.model import ProfileRow

if TYPE_CHECKING:
    from s200desk.ui.posts.model import PostsTableModel
    from s200desk.ui.session import Session
    from s200desk.ui.sidebar.model import ProfilesModel

log = logging.getLogger(__name__)

# While a sync streams pages of posts in, the list is read at most this often: a read after
# every stored page cost about a third more UI-thread CPU over a 10,000-post sync
# (tests/ui/test_ui_stall.py; docs/performance.md, "The change relay and the UI's timers").
SYNC_REFRESH_MS = 1000


class ModelRefresher(QObject):
    """Reads what changed from the open workspace's store into the models."""

    data_shown = Signal()  # the first full read after a successful sync has reached the models
    profiles_refreshed = Signal()  # the profiles model holds the store's profiles again

    def __init__(
        self,
        posts_model: PostsTableModel,
        profiles_model: ProfilesModel,
        *,
        start_task: Callable[..., object],
        gone: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        """``start_task(coro, name=...)`` runs a read in the background (``TaskKeeper.start``);
        ``gone()`` is true once the window is closing: no model is touched then."""
        super().__init__(parent)
        self.posts_model = posts_model
        self.profiles_model = profiles_model
        self._start_task = start_task
        self._gone = gone
        self._session: Session | None = None
        self._lock = asyncio.Lock()
        self._wanted: set[str] = set()  # asked of reload(), not read yet
        self._due: set[str] = set()  # named by changes, waiting for the timer
        # The posts the changes named since the last read (None: some change named none).
        self._changed_post_ids: set[str] | None = set()
        self._synced = False
        self._data_shown = False
        self._closed = False
        self.last_reload_ms: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_due)

    @property
    def data_shown_emitted(self) -> bool:
        return self._data_shown

    # -- following a workspace -------------------------------------------------------------

    def attach(self, session: Session) -> None:
        """Follow ``session``'s changes (the one before is left)."""
        self.detach()
        self._session = session
        self._synced = False
        session.relay.changed.connect(self.apply)

    def detach(self) -> None:
        """Stop following the workspace; the list lets go of its store (and is left empty)."""
        session, self._session = self._session, None
        self._timer.stop()
        self._due.clear()
        self._changed_post_ids = set()
        if session is not None and shiboken6.isValid(session.relay):
            try:
                session.relay.changed.disconnect(self.apply)
            except (RuntimeError, TypeError):
                log.debug("refresher: relay already disconnected")
        self._close_posts_reader()

    def close(self) -> None:
        """The app is closing: nothing more is read (``detach()`` lets go of the store)."""
        self._closed = True
        self._timer.stop()

    def mark_synced(self) -> None:
        """A sync succeeded: the next full read shows synced data (``data_shown``)."""
        self._synced = True

    # -- changes ---------------------------------------------------------------------------

    @Slot(object)
    def apply(self, change: Change) -> None:
        """Note what ``change`` names and read it soon (changes in one turn share one read)."""
        kind = change.kind
        if kind in (events.POSTS, events.POSTS_REMOVED):
            if self._changed_post_ids is not None:
                if change.ids:
                    self._changed_post_ids.update(change.ids)
                else:
                    self._changed_post_ids = None
            self._due.add("posts")
        elif kind in (events.PROFILES, events.PROFILES_REMOVED):
            self._due.add("profiles")
        else:
            return
        if not self._timer.isActive():
            session = self._session
            syncing = session is not None and session.syncing
            self._timer.start(SYNC_REFRESH_MS if syncing else 0)

    @Slot()
    def _on_due(self) -> None:
        due, self._due = self._due, set()
        if due and not self._closed and self._session is not None:
            what = "all" if len(due) > 1 else next(iter(due))
            self._start_task(self.reload(what), name=f"reload-{what}")

    def _take_changed_post_ids(self) -> set[str] | None:
        ids, self._changed_post_ids = self._changed_post_ids, set()
        return ids

    # -- reading ---------------------------------------------------------------------------

    async def reload(self, what: str = "all", first: int | None = None) -> None:
        """Read posts and/or profiles ("posts", "profiles", "all") from the store into the
        models; ``first``: only the newest ``first`` posts (the first screenful).

        Concurrent calls coalesce: a call made while a read runs waits for it, then reads
        again only if what it asked for has not been read since.
        """
        self._wanted |= {"posts", "profiles"} if what == "all" else {what}
        async with self._lock:
            wanted, self._wanted = self._wanted, set()
            session = self._session
            if not wanted or session is None or session.closed or self._closed:
                return
            synced = self._synced  # only a read begun after a sync shows synced data
            if "profiles" in wanted:
                profiles = await session.cached_profiles()
                if self._gone():
                    return
                self.profiles_model.set_profiles([ProfileRow.from_profile(p) for p in profiles])
                self.posts_model.set_profile_names(self.profiles_model.names())
                self.profiles_refreshed.emit()
            if "posts" in wanted:
                rows = await self._read_posts(session, first)
                if rows is None:
                    return
                if first is not None:
                    self._wanted.add("posts")  # only a first screenful: the rest is still due
                if synced and first is None and not self._data_shown and rows:
                    self._data_shown = True
                    self.data_shown.emit()

    async def _read_posts(self, session: Session, first: int | None) -> int | None:
        """The posts into the model; how many the store holds (None: the workspace went)."""
        # A first screenful is a plain list; the whole list follows the paint, read from the
        # store in windows.
        if first is None and self._read_posts_windowed(session):
            return self.posts_model.total_count
        stored = await session.cached_posts(limit=first)
        if session is not self._session or self._gone():
            return None
        started = time.perf_counter()
        self.posts_model.set_posts(stored)  # the store's records as they are
        self.last_reload_ms = (time.perf_counter() - started) * 1000
        return len(stored)

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
