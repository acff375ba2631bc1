"""The calendar's visible range, read off the UI thread when the store is large.

At 100,000 cached posts the months around the one shown (6,000 posts) take 60-110 ms to read,
too long for the UI thread when someone pages through months. Over ``BACKGROUND_FROM`` posts
(the posts list's own threshold) ``RangeReader`` reads the range on a ``KeyFetcher`` worker of
its own and hands the rows over through ``arrived``; a range asked later supersedes one still
under way, whose answer is then dropped. A smaller store is read in place, as before.
The worker also runs ``prepare`` over the rows (the calendar's index by day, 15-30 ms for a
month at 100,000 posts), so the UI thread only swaps the finished index in.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from s200desk.store.post_window import PostWindowReader
from s200desk.ui.posts.key_fetcher import KeyFetcher
from s200desk.ui.posts.model import BACKGROUND_FROM, PostsTableModel
from s200desk.ui.qt import QObject, Signal, Slot

Span = tuple[datetime, datetime]
log = logging.getLogger(__name__)


class RangeReader(QObject):
    """Reads [since, until) of a windowed posts model's store; the newest range asked wins."""

    arrived = Signal(object)  # the range asked last: prepare(rows), or its bare rows (failed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.background_from = BACKGROUND_FROM
        self._fetcher: KeyFetcher | None = None
        self._source: PostsTableModel | None = None
        self._span: Span | None = None
        self._asked = 0
        self._generations = itertools.count(1)
        self._future: Future[Any] | None = None

    def read(self, source: PostsTableModel, span: Span,
             prepare: Callable[[list[Any]], Any] | None = None) -> list[Any] | None:
        """The rows of ``span`` now (a small store), or None: they arrive through ``arrived``,
        as ``prepare(rows)`` run on the worker when given (``prepare`` must be thread-safe: it
        works on what was captured when asked), or as the bare rows when the worker failed and
        they were read again in place."""
        reader = source.reader
        assert reader is not None
        if source.total_count < self.background_from or reader.path is None:
            self.forget()
            return source.rows_between(*span)
        if self._fetcher is None or self._fetcher.path != reader.path:
            self.close()
            self._fetcher = KeyFetcher(reader.path, "calendar")
            self._fetcher.answered.connect(self._on_answered)
        self._source, self._span = source, span
        self._asked = next(self._generations)
        since, until = span

        def query(r: PostWindowReader) -> Any:
            rows = r.between(since, until)
            if prepare is None:
                return rows
            try:
                return prepare(rows)
            except Exception:  # the bare rows go to the UI thread, which prepares them again
                log.exception("preparing the calendar's range failed on the worker thread")
                return rows

        self._future = self._fetcher.read(query, self._asked)
        return None

    @property
    def pending(self) -> bool:
        """A range is under way: the calendar still shows the previous one."""
        return bool(self._asked)

    @Slot(int, object)
    def _on_answered(self, generation: int, answer: Any) -> None:
        if generation != self._asked:
            return  # superseded by a newer range (or already shown by settle)
        self._deliver(answer)

    def _deliver(self, answer: Any) -> None:
        source, span = self._source, self._span
        self.forget()
        if answer is None:  # failed on the worker: read in place, where errors reach the UI
            if source is None or span is None or source.reader is None:
                return
            answer = source.rows_between(*span)
        self.arrived.emit(answer)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait for the range under way and show it now (tests, benchmarks)."""
        future, asked = self._future, self._asked
        if future is None or not asked:
            return
        answer = future.result(timeout)
        if self._asked == asked:
            self._deliver(answer)

    def forget(self) -> None:
        """Whatever the range under way brings, it will not be shown."""
        self._asked, self._future = 0, None
        self._source, self._span = None, None

    def close(self) -> None:
        """Stop the worker (another store, or the page goes away)."""
        self.forget()
        if self._fetcher is not None:
            self._fetcher.answered.disconnect(self._on_answered)
            self._fetcher.close()
            self._fetcher = None
