"""The modules the app imports late, off the UI thread: the one list of them, and how.

The first frame imports only what it paints (``ui.first_frame``). The rest of the window's
modules load in a worker thread at the moment they are first needed, so the UI thread neither
waits for them nor holds the GIL while the user waits for data (docs/performance.md, "Desktop
shell").

One import at a time. Python's per-module locks let two threads import safely except inside an
import cycle, and every package here whose ``__init__`` imports its own submodules is one: a
thread that enters ``services.media`` by the package while another enters it by
``services.media.service`` waits for the other, Python's deadlock check breaks the tie, and one
of them is handed a half-initialised module (``ImportError: cannot import name 'MEDIA' from
partially initialized module``) or ``_DeadlockError``. So every import here, on whichever thread,
holds one lock: the worker loading a group, the session's client being built, the demo emulator
starting, and the UI thread when it needs a group before its worker got to it (``load_here``:
it waits for the import under way, then imports what is missing). Two of them can therefore
never be inside an import of these modules at the same time, and there is nothing to retry
(tests/unit/test_worker_imports.py forces the interleaving that used to fail).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import threading
from collections.abc import Iterator

# Once the cached data is on screen: the outbox, and through it the API client, httpx and
# pydantic (~200 ms, the bulk of every group: the others share it; docs/performance.md,
# "What the late imports cost"); with them what attaching the workspace's services imports
# (the calendar's outbox backend, the quota feed, the notices, the series top-up).
AFTER_PAINT = (
    "s200desk.ui.outbox",
    "s200desk.ui.calendar.outbox_backend",
    "s200desk.ui.quota_feed",
    "s200desk.ui.notifications",
    "s200desk.services.planning.series_service",
)
# Once the first sync has ended: the calendar and media pages (~20 ms after the first group).
AFTER_FIRST_SYNC = (
    "s200desk.ui.calendar",
    "s200desk.ui.calendar.outbox_backend",
    "s200desk.ui.media.library_page",
)
# The analytics page, with QtCharts (~10 ms after the others), after the first sync too.
ANALYTICS = ("s200desk.ui.analytics.page",)
# Once the workspace's client exists: the analytics poller and the media service (~25 ms).
ON_CONNECT = ("httpx", "s200desk.services.analytics.poller", "s200desk.services.media.service")
# The session's API client and sync service, built in a worker (ui/session.py), with the
# asyncio backend of anyio that its first request would otherwise import on the UI thread.
SESSION_CLIENT = (
    "s200desk.api",
    "s200desk.services.sync",
    "anyio._backends._asyncio",
    "anyio.streams.tls",
)

EVERY_GROUP = (AFTER_PAINT, AFTER_FIRST_SYNC, ANALYTICS, ON_CONNECT, SESSION_CLIENT)

_ONE_AT_A_TIME = threading.RLock()
_loaded: set[str] = set()  # imported to the end under the lock: no need to wait for it again


async def load_off_ui(modules: tuple[str, ...]) -> None:
    """Import ``modules`` (one of the groups above) in a worker thread."""
    if not _loaded.issuperset(modules):
        await asyncio.to_thread(import_modules, *modules)


def load_here(modules: tuple[str, ...]) -> None:
    """Import ``modules`` (one of the groups above) on this thread, after any import under way
    in another; at once when they are loaded already."""
    if not _loaded.issuperset(modules):
        import_modules(*modules)


def import_modules(*names: str) -> None:
    """Import ``names`` in order, while no other thread imports through this module."""
    with alone():
        for name in names:
            importlib.import_module(name)
            _loaded.add(name)


@contextlib.contextmanager
def alone() -> Iterator[None]:
    """Hold while code off the UI thread imports what the app shares (the demo emulator's start)."""
    with _ONE_AT_A_TIME:
        yield
