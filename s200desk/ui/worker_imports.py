"""The modules the app imports late, off the UI thread: the one list of them, and how.

The first frame imports only what it paints (``ui.first_frame``). What the rest of the window
needs, without Qt, loads in a worker thread at the moment it is first needed, so the UI thread
neither waits for it nor holds the GIL while the user waits for data (docs/performance.md,
"Desktop shell"); the UI thread then imports only the pages themselves.

One import at a time. Python's per-module locks let two threads import safely except inside an
import cycle, and every package here whose ``__init__`` imports its own submodules is one: a
thread that enters ``services.media`` by the package while another enters it by
``services.media.service`` waits for the other, Python's deadlock check breaks the tie, and one
of them is handed a half-initialised module (``ImportError: cannot import name 'MEDIA' from
partially initialized module``) or ``_DeadlockError``. So every import here, on whichever thread,
holds one lock: the worker loading a group, the session's client being built, and the UI thread
when it needs a group before its worker got to it (``load_here``:
it waits for the import under way, then imports what is missing). The pages the UI thread
imports after a group add only Qt modules, which no worker imports. So two threads are never
inside an import of the same module, and there is nothing to retry
(tests/unit/test_worker_imports.py forces the interleaving that used to fail, and checks both).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import threading
from collections.abc import Iterator

# No group holds Qt: a Qt class made off the UI thread (a PySide6 module's types, or one of our
# QObject subclasses) races with the UI thread's own look-ups in PySide's type tables, which it
# makes without the GIL (SIGSEGV in PySide::MetaObjectBuilder::update under QApplication::notify,
# caught with a core dump while a worker defined ui.quota_feed.QuotaFeed). So a worker loads the
# Qt-free part of what a moment needs, the bulk of its cost; the UI thread then imports the pages
# themselves (``s200desk.ui.*``, QtCharts), and nothing else: tests/unit/test_worker_imports.py.

# Once the cached data is on screen: the outbox's services, and through them the API client,
# httpx and pydantic (the bulk of every group: the others share it; docs/performance.md, "What
# the late imports cost"), with what attaching the workspace's services needs (the calendar's
# moves, the quotas, the notices, the series).
AFTER_PAINT = (
    "s200desk.api",
    "s200desk.services.outbox",
    "s200desk.services.lifecycle.service",
    "s200desk.services.notifications",
    "s200desk.services.planning.series_service",
    "s200desk.services.planning.caps",
    "s200desk.services.quotas",
    "s200desk.services.typed_time",
)
# Once the first sync has ended: what the media page needs (the calendar's is in AFTER_PAINT).
AFTER_FIRST_SYNC = ("s200desk.services.media", "s200desk.store.media_repo")
# What the analytics page reads, after the first sync too (the page, with QtCharts, is the UI's).
ANALYTICS = ("s200desk.services.analytics", "s200desk.services.analytics.post_export")
# Once the workspace's client exists: the analytics poller and the media service.
ON_CONNECT = ("httpx", "s200desk.services.analytics.poller", "s200desk.services.media.service")
# Not loaded ahead: what the composer and its dialogs read (ui/composer_launcher.py), for the
# UI thread to load under the lock when the user opens one (a worker may still be loading
# services.media or the planning services then).
COMPOSER = (
    "s200desk.services.media",
    "s200desk.store.media_repo",
    "s200desk.store.drafts_repo",
    "s200desk.services.validation",
    "s200desk.services.planning.best_time",
    "s200desk.services.planning.queue_service",
    "s200desk.services.planning.queue_view",
    "s200desk.services.planning.repeat_choices",
    "s200desk.services.planning.slots",
)
# The session's API client and sync service, built in a worker (ui/session.py), with the
# asyncio backend of anyio that its first request would otherwise import on the UI thread.
SESSION_CLIENT = (
    "s200desk.api",
    "s200desk.services.sync",
    "anyio._backends._asyncio",
    "anyio.streams.tls",
)

EVERY_GROUP = (AFTER_PAINT, AFTER_FIRST_SYNC, ANALYTICS, ON_CONNECT, SESSION_CLIENT, COMPOSER)

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
    """Hold while importing what the app shares (a thread waiting here waits its turn)."""
    with _ONE_AT_A_TIME:
        yield
