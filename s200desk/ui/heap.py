"""Keep the cyclic garbage collector from stalling the UI (see docs/performance.md)."""

from __future__ import annotations

import gc

GC_GEN0_THRESHOLD = 20_000

_default_gc_threshold = gc.get_threshold()


def release_heap() -> None:
    """Undo ``settle_heap`` and collect, so no Qt object outlives the QApplication."""
    gc.unfreeze()
    gc.set_threshold(*_default_gc_threshold)
    gc.collect()


def settle_heap() -> None:
    """Move what exists after start-up out of the cyclic GC's sight (``gc.freeze``).

    A full (generation 2) collection walks every tracked object: with the modules, classes and
    Qt wrappers of a started app that is 50-150 ms on the UI thread, measured as the longest
    stalls of a 10,000-post sync. Frozen objects are still freed by reference counting; only the
    periodic scan skips them. ``release_heap()`` undoes it before the QApplication goes away.
    """
    # Frozen garbage would stay for the app's life. With collection on the UI thread's timer
    # (ui/main_thread_gc.py) a start-up's young objects are not yet scanned here: ~600
    # unreachable ones at the self-test's settle, one 25-60 ms pass (~1 ms and none found under
    # the automatic collector).
    gc.collect(1)
    gc.freeze()
    # Young-generation scans are cheap; fewer of them means full scans come rarely too.
    if gc.get_threshold()[0] < GC_GEN0_THRESHOLD:
        gc.set_threshold(GC_GEN0_THRESHOLD, 20, 20)
