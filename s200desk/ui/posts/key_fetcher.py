"""The posts list's order queries, answered on a thread of their own.

At 100,000 cached posts the rowids of a search or a filter take 30-100 ms to read (a common word
matches half the posts; docs/performance.md), too long for the UI thread: the list would stop
answering the keyboard while someone types in the search box. ``KeyFetcher`` runs each query on
one worker thread over its own read-only connection and hands the answer to the UI thread
(``arrived``, a queued signal). Only the newest request counts: one asked before it and not yet
started is skipped, one that finishes after it is ignored by the model (``generation``).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from s200desk.store.post_window import ListQuery, PostWindowReader
from s200desk.ui.qt import QObject, Signal

log = logging.getLogger(__name__)

Answer = tuple[int, list[int], int]  # generation, rowids in order, posts in the store


class KeyFetcher(QObject):
    """Order queries over the store at ``path``, on one worker thread; the newest one wins."""

    arrived = Signal(int, object, int)  # generation, rowids (None: the query failed), total

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="s200desk-list")
        self._reader: PostWindowReader | None = None  # the worker thread's own connection
        self._latest = 0
        self._closed = threading.Event()

    def ask(self, q: ListQuery, generation: int) -> Future[Answer | None]:
        """Start reading ``q``'s rowids; the answer arrives tagged with ``generation`` (which
        grows with every request, whichever fetcher it goes to)."""
        self._latest = generation
        return self._executor.submit(self._answer, generation, q)

    def _answer(self, generation: int, q: ListQuery) -> Answer | None:
        if generation != self._latest or self._closed.is_set():
            return None  # a newer request is queued behind this one
        try:
            if self._reader is None:
                self._reader = PostWindowReader.open(self.path)
            keys, total = self._reader.keys(q), self._reader.total()
        except sqlite3.Error as exc:
            if self._closed.is_set():
                return None  # interrupted by close()
            # The model then reads in place, where the error reaches the UI's own handling.
            log.warning("posts list order query failed on its thread: %s", exc)
            self.arrived.emit(generation, None, 0)
            return None
        if self._closed.is_set():
            return None
        self.arrived.emit(generation, keys, total)
        return generation, keys, total

    def close(self) -> None:
        """Stop: a query under way is interrupted, none is answered after this returns."""
        self._closed.set()
        reader = self._reader
        if reader is not None:
            reader.interrupt()
        self._executor.submit(self._close_reader)  # on the thread that opened it
        self._executor.shutdown(wait=True)

    def _close_reader(self) -> None:
        if self._reader is not None:
            with contextlib.suppress(sqlite3.Error):
                self._reader.close()
            self._reader = None
