"""The modules the app imports late, off the UI thread: the one list of them, and how.

The first frame imports only what it paints (``ui.first_frame``). The rest of the window's
modules load in a worker thread at the moment they are first needed, so the UI thread neither
waits for them nor holds the GIL while the user waits for data (docs/performance.md, "Desktop
shell"). Nothing else in the app imports in a thread.

Two threads importing modules that import each other can meet Python's module-lock deadlock
check: one of them gets ``_DeadlockError`` (a RuntimeError) while the other finishes the import.
``import_modules`` waits a moment and tries again (by then the other thread has the module).
"""

from __future__ import annotations

import asyncio
import importlib
import time

# Once the cached data is on screen: the outbox, and through it the API client, httpx and
# pydantic (~200 ms, the bulk of every group: the others share it; docs/performance.md,
# "What the late imports cost").
AFTER_PAINT = ("s200desk.ui.outbox",)
# Once the first sync has ended: the calendar and media pages (~20 ms after the first group).
AFTER_FIRST_SYNC = (
    "s200desk.ui.calendar.page",
    "s200desk.ui.calendar.outbox_backend",
    "s200desk.ui.media.library_page",
)
# The analytics page, with QtCharts (~10 ms after the others), after the first sync too.
ANALYTICS = ("s200desk.ui.analytics.page",)
# Once the workspace's client exists: the analytics poller and the media service (~25 ms).
ON_CONNECT = ("httpx", "s200desk.services.analytics.poller", "s200desk.services.media.service")

EVERY_GROUP = (AFTER_PAINT, AFTER_FIRST_SYNC, ANALYTICS, ON_CONNECT)

RETRIES = 5
PAUSE_SECONDS = 0.02


async def load_off_ui(modules: tuple[str, ...]) -> None:
    """Import ``modules`` (one of the groups above) in a worker thread."""
    await asyncio.to_thread(import_modules, *modules)


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
