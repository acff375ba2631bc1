"""Modules imported on a worker thread, so the UI thread does not pay for them.

Two threads importing modules that import each other can meet Python's module-lock deadlock
check: one of them gets ``_DeadlockError`` (a RuntimeError) while the other finishes the import.
Every worker-thread import goes through ``import_modules``, which waits a moment and tries again
(by then the other thread has the module in ``sys.modules``).
"""

from __future__ import annotations

import importlib
import time

RETRIES = 5
PAUSE_SECONDS = 0.02


def import_modules(*names: str) -> None:
    """Import ``names`` in order; a module-lock deadlock is retried, any other error raised."""
    for name in names:
        for attempt in range(RETRIES):
            try:
                importlib.import_module(name)
                break
            except RuntimeError as exc:
                if "deadlock detected" not in str(exc) or attempt == RETRIES - 1:
                    raise
                time.sleep(PAUSE_SECONDS)
