"""The posts list's order queries, answered on a thread of their own.

At 100,000 cached posts the rowids of a search or a filter take 30-100 ms to read (a common word
matches half the posts; docs/performance.md), too long for the UI thread: the list would stop
answering the keyboard while someone types in the search box. ``KeyFetcher`` runs each query on
one worker thread over its own read-only connection and hands the answer to the UI thread
(``arrived``, a queued signal). Only the newest request counts: one asked before it and not yet
started is skipped, one that finishes after it is ignored by the model (``generation``).
``read`` runs any other read the same way (the calendar's month: 60-110 ms at 100,000 posts) and
answers through ``answered``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from s200desk.store.post_window import ListQuery, PostWindowReader
from s200desk.ui.qt import QObject, Signal

log = logging.getLogger(__name__)

Answer = tuple[int, list[int], int]  # generation, rowids in order, posts in the store
_FAILED = object()  # what _run returns when the query raised (the caller reads in place)


class KeyFetcher(QObject):
    """Reads of the store at ``path`` on one worker thread of their own; the newest one wins."""

    arrived = Signal(int, object, int)  # generation, rowids (None: the query failed), total
    answered = Signal(int, object)  # generation, what ``read``'s query returned (None: failed)

    def __init__(self, path: Path, name: str = "list") -> None:
        super().__init__()
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"s200desk-{name}")
        self._reader: PostWindowReader | None = None  # the worker thread's own connection
        self._latest = 0
        self._closed = threading.Event()

    def ask(self, q: ListQuery, generation: int) -> Future[Answer | None]:
        """Start reading ``q``'s rowids; the answer arrives tagged with ``generation`` (which
        grows with every request, whichever fetcher it goes to)."""
        self._latest = generation
        return self._executor.submit(self._answer, generation, q)

    def read(self, query: Callable[[PostWindowReader], Any], generation: int) -> Future[Any]:
        """Run ``query`` over the worker's connection; its result arrives through ``answered``
        tagged with ``generation`` (None there: it failed). The future holds the result, or
        None when the request was skipped or failed."""
        self._latest = generation
        return self._executor.submit(self._answer_read, generation, query)

    def _answer(self, generation: int, q: ListQuery) -> Answer | None:
        result = self._run(generation, lambda reader: (reader.keys(q), reader.total()))
        if result is None:
            return None
        if result is _FAILED:
            self.arrived.emit(generation, None, 0)
            return None
        keys, total = result
        self.arrived.emit(generation, keys, total)
        return generation, keys, total

    def _answer_read(self, generation: int, query: Callable[[PostWindowReader], Any]) -> Any:
        result = self._run(generation, query)
        if result is None:
            return None
        self.answered.emit(generation, None if result is _FAILED else result)
        return None if result is _FAILED else result

    def _run(self, generation: int, query: Callable[[PostWindowReader], Any]) -> Any:
        """``query``'s result; None when skipped or closed, ``_FAILED`` when it raised."""
        if generation != self._latest or self._closed.is_set():
            return None  # a newer request is queued behind this one
        try:
            if self._reader is None:
                self._reader = PostWindowReader.open(self.path)
            result = query(self._reader)
        except sqlite3.Error as exc:
            if self._closed.is_set():
                return None  # interrupted by close()
            # The asker then reads in place, where the error reaches the UI's own handling.
            log.warning("a store query failed on the worker thread: %s", exc)
            return _FAILED
        return None if self._closed.is_set() else result

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
