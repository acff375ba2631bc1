"""Run the cyclic garbage collector on the UI thread only (qutebrowser's ``GarbageCollector``).

Python collects on whichever thread happens to allocate past the threshold: the store's DB
thread, a KeyFetcher worker, an ``asyncio.to_thread`` worker or, in demo mode, the emulator's.
A Qt object in a cycle freed there cannot stop its timers ("QObject::~QObject: Timers cannot be
stopped from another thread") and a later tick may fire into freed memory. So automatic
collection is switched off and a timer on the UI thread collects the generation that
``gc.get_count()`` says is due, as the interpreter would have. See docs/ui.md, "Start-up".
"""

from __future__ import annotations

import gc
import logging
import time

from s200desk.ui.qt import QObject, QTimer

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 1000
# A collection this long is worth a line in the debug log (the UI froze for it).
SLOW_COLLECTION_MS = 20.0


def due_generation() -> int | None:
    """The oldest generation whose count has passed its threshold, or None if none is due."""
    threshold = gc.get_threshold()
    count = gc.get_count()
    if count[0] <= threshold[0]:
        return None
    generation = 0
    if count[1] > threshold[1]:
        generation = 1
        if count[2] > threshold[2]:
            generation = 2
    return generation


class MainThreadCollector(QObject):
    """While started, the cyclic collector runs only from this object's timer."""

    def __init__(self, interval_ms: int = CHECK_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Hand collection back to the interpreter (at quit, before the last full collection)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect_if_due(self) -> None:
        generation = due_generation()
        if generation is None:
            return
        started = time.perf_counter()
        found = gc.collect(generation)
        took_ms = (time.perf_counter() - started) * 1000
        if took_ms >= SLOW_COLLECTION_MS:
            log.debug("gc.collect(%d) on the UI thread: %.1f ms, %d unreachable",
                      generation, took_ms, found)  # fmt: skip
