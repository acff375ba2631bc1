"""With the app's collector, garbage holding Qt objects is collected on the UI thread only, even
while a worker thread allocates enough to trigger the interpreter's own collections."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest

# Low thresholds: without the collector, the worker's allocations trigger a collection on the
# worker within a few hundred objects.
LOW_THRESHOLD = (100, 5, 5)
CYCLES = 200


@pytest.fixture
def low_gc_threshold() -> Iterator[None]:
    saved, was_enabled = gc.get_threshold(), gc.isenabled()
    gc.collect()
    gc.set_threshold(*LOW_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        if was_enabled:
            gc.enable()


def test_collections_run_on_the_ui_thread_while_a_worker_allocates(
    qtbot: Any, low_gc_threshold: None
) -> None:
    from s200desk.ui.main_thread_gc import MainThreadCollector
    from s200desk.ui.qt import QObject, QTimer

    collected_on: list[int] = []

    def record(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_on.append(threading.get_ident())

    collector = MainThreadCollector(interval_ms=10)
    stop = threading.Event()

    def allocate() -> None:  # what a DB reader or the emulator does: many small containers
        while not stop.is_set():
            kept = [[i] for i in range(500)]
            del kept

    worker = threading.Thread(target=allocate, name="allocating-worker", daemon=True)
    gc.callbacks.append(record)
    collector.start()
    worker.start()
    try:
        for _ in range(CYCLES):  # cyclic garbage that holds Qt objects with running timers
            holder: dict[str, Any] = {"owner": QObject()}
            holder["timer"] = QTimer(holder["owner"])
            holder["timer"].start(60_000)
            holder["self"] = holder
            del holder
            qtbot.wait(1)
        qtbot.waitUntil(lambda: len(collected_on) >= 3, timeout=10_000)
    finally:
        stop.set()
        worker.join(10)
        collector.stop()
        gc.callbacks.remove(record)
    main = threading.main_thread().ident
    elsewhere = sum(1 for ident in collected_on if ident != main)
    assert elsewhere == 0, f"{elsewhere} of {len(collected_on)} collections ran off the UI thread"


def test_a_collection_is_due_only_past_the_threshold(low_gc_threshold: None) -> None:
    from s200desk.ui.main_thread_gc import due_generation

    gc.collect()  # all counts back to zero
    gc.disable()
    assert due_generation() is None
    kept = [[i] for i in range(LOW_THRESHOLD[0] * 2)]
    assert due_generation() == 0
    del kept
