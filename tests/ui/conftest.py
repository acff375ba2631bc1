"""UI fixtures: a qasync loop for the test's QApplication, the demo-seeded emulator, a shell.

pytest-qt's ``waitUntil`` spins Qt but does not advance asyncio, so every coroutine here runs
through ``arun`` on a ``qasync.QEventLoop`` made for the test's QApplication (as qasync's own
tests do), and waiting is done with :func:`until` inside that loop.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest

os.environ.setdefault("QT_API", "pyside6")

import qasync
from ui_support import EMULATOR_EPOCH, Shell, make_shell, until

Arun = Callable[..., Any]


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """Collect what the test left (the closed qasync loop, models, pages) here, on the main
    thread, once the test is over.

    qasync's ``close()`` only flags its timer object as stopped; its Qt timers stay registered.
    If such an object is later freed by a garbage collection that happens to run on a worker
    thread (the store's, the list's or the calendar's reader, the emulator's), Qt cannot
    unregister the timers from there ("Timers cannot be stopped from another thread", a test
    failure under ``qt_log_level_fail``) and the next one may fire into freed memory: a segfault
    in a later test. Autouse, so torn down after ``qloop``.
    """
    yield
    gc.collect()


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop on the test's QApplication, "already running" for the whole test.

    Made with ``already_running=True``, asyncio sees it as the running loop whenever Qt
    processes events — also when pytest-qt does so between the test's steps — exactly as in the
    app, where the loop runs for the whole process. Leftover tasks are cancelled at the end.
    """
    qapp.setQuitOnLastWindowClosed(False)  # a closed window must not quit the app under us
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            _spin(loop, asyncio.gather(*pending, return_exceptions=True), 10.0)
        # Not loop.stop(): that calls QApplication.exit(), after which the next test's Qt
        # event loops return at once. Mark it stopped and close it.
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
        loop.close()
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)
        from s200desk.ui.heap import release_heap

        release_heap()  # what the app froze is collected while the QApplication exists


def _spin(loop: asyncio.AbstractEventLoop, awaitable: Any, timeout: float) -> Any:
    """Process Qt events (which step asyncio) until ``awaitable`` is done."""
    from PySide6.QtCore import QEventLoop, QTimer

    future = asyncio.ensure_future(awaitable, loop=loop)
    if not future.done():
        waiter = QEventLoop()
        future.add_done_callback(lambda _f: waiter.quit())
        QTimer.singleShot(int(timeout * 1000) + 1000, waiter.quit)
        waiter.exec()
    if not future.done():
        future.cancel()
        raise TimeoutError(f"not done within {timeout} s")
    return future.result()


@pytest.fixture
def arun(qloop: asyncio.AbstractEventLoop) -> Arun:
    """Run a coroutine to completion on the qasync loop (default timeout 30 s)."""

    def run(coro: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
        return _spin(qloop, asyncio.wait_for(coro, timeout), timeout)

    return run


@pytest.fixture
def demo_emulator() -> Iterator[Any]:
    """The emulator with the demo seed (hundreds of posts on seven profiles), a manual clock."""
    from s200desk.emulator import EmulatorServer, ManualClock

    server = EmulatorServer(
        seed="demo", plan="agency", clock=ManualClock(EMULATOR_EPOCH), cooldown_seconds=0
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def shell(arun: Arun, qtbot: Any, demo_emulator: Any) -> Iterator[Shell]:
    """The main window on the demo-seeded emulator, synced and showing its posts."""
    s = make_shell(demo_emulator)
    qtbot.addWidget(s.window)
    s.window.show()
    arun(s.controller.start(s.controller.test_info))
    arun(until(lambda: s.controller.data_shown_emitted, what="synced posts on screen"))
    try:
        yield s
    finally:
        arun(s.controller.aclose())
    assert not s.failures, s.failures
