"""The process's one coroutine (AppShell) and what it starts: the demo emulator, the self-test
and start-up measures.

Imported by ``s200desk.app.run`` once the first frame is on screen: asyncio and the rest of
what this needs are not part of that frame.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from s200desk.emulator import EmulatorServer
    from s200desk.secrets import KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.first_frame import FirstFrame
    from s200desk.ui.session import Session, SessionInfo

log = logging.getLogger("s200desk.app")

SELF_TEST_TIMEOUT = 60.0
SCREENSHOT_ENV = "S200DESK_SCREENSHOT"  # dev aid: save window.grab() here once data shows, quit
SCREENSHOT_PAGE_ENV = "S200DESK_SCREENSHOT_PAGE"  # calendar | posts | analytics | media
DEMO_PLAN = "beginner"


def _quick_exit(code: int) -> None:
    """Exit now, after flushing the log and the standard streams (see AppShell.main)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


class EmulatorStarter:
    """The demo emulator, started in a thread at once; ``result()`` waits for it."""

    def __init__(self) -> None:
        self.future: Future[EmulatorServer] = Future()
        self._claimed = False
        threading.Thread(target=self._run, name="s200-emulator-start", daemon=True).start()

    def _run(self) -> None:
        try:
            self.future.set_result(_start_emulator())
        except BaseException as exc:  # reported where the demo waits for it
            self.future.set_exception(exc)

    async def result(self) -> EmulatorServer:
        self._claimed = True
        return await asyncio.wrap_future(self.future)

    def stop_unclaimed(self) -> None:
        if self._claimed:
            return
        with contextlib.suppress(Exception):
            self.future.result(timeout=15).stop()


class AppShell:
    """The process's one coroutine: set up, show the window, wait for it to close, clean up."""

    def __init__(
        self,
        args: argparse.Namespace,
        started: float,
        first_frame: FirstFrame,
        emulator: EmulatorStarter | None = None,
    ) -> None:
        self.args = args
        self.first_frame = first_frame  # the window, already shown
        self.started = started
        self._emulator = emulator
        self.exit_code = 0
        self.server: EmulatorServer | None = None
        self.controller: Controller | None = None
        self._demo_dir: tempfile.TemporaryDirectory[str] | None = None
        self._closed: asyncio.Event | None = None

    def ms_since_start(self) -> int:
        return round((time.perf_counter() - self.started) * 1000)

    def trace(self, what: str) -> None:
        """Start-up phases, in the log and (``S200DESK_TRACE_STARTUP=1``) on stderr."""
        line = f"startup: {what} at {self.ms_since_start()} ms"
        log.info(line)
        if os.environ.get("S200DESK_TRACE_STARTUP"):
            print(line, file=sys.stderr, flush=True)

    async def main(self) -> int:
        from s200desk.config import settings_from_file
        from s200desk.ui.asyncqt import wait_signal
        from s200desk.ui.controller import Controller
        from s200desk.ui.errors import loop_exception_handler, report_failure
        from s200desk.ui.qt import QApplication
        from s200desk.ui.tasks import TaskKeeper
        from s200desk.ui.theme import apply_theme

        loop = asyncio.get_running_loop()
        loop.set_exception_handler(loop_exception_handler)
        # qasync's default executor is ten QThreads, each slow to stop at exit; a plain
        # thread pool stops at once.
        loop.set_default_executor(ThreadPoolExecutor(max_workers=4, thread_name_prefix="s200"))
        self.trace(f"loop running (first frame painted at {self.first_frame.painted_ms} ms)")
        self._closed = asyncio.Event()
        app = QApplication.instance()
        assert isinstance(app, QApplication)

        settings = settings_from_file(self.first_frame.settings.file)
        self.trace("settings loaded")
        apply_theme(app, str(getattr(settings.theme, "value", settings.theme)))
        tasks = TaskKeeper(on_failure=lambda name, exc: report_failure(f"{name} failed", exc))
        keystore = None if self.args.demo else KeyStoreOnDemand()
        controller = Controller(
            settings, tasks, demo=self.args.demo, keystore=keystore, first_frame=self.first_frame
        )
        self.controller = controller
        self.trace("controller built")
        window = controller.window
        window.closing.connect(self._closed.set)
        if self.args.self_test or os.environ.get(SCREENSHOT_ENV):
            tasks.start(self._watch(controller), name="self-test")
        elif getattr(self.args, "measure_startup", False):
            tasks.start(self._measure_startup(controller), name="measure-startup")
        try:
            if window.close_requested:  # closed while the rest loaded behind the first frame
                return self.exit_code
            if self.args.demo:
                info = await self._start_demo(controller)
            else:
                from s200desk.ui.workspaces.flow import WorkspaceFlow

                chosen = await WorkspaceFlow(controller, keystore).initial_session()
                if chosen is None:  # the user closed the welcome dialog
                    return 0
                info = chosen
            self.trace("workspace chosen")
            controller.paint_first = True  # what is not on screen loads behind it
            await controller.start(info, sync=False)
            self.trace("cached data in the models")
            if not window.is_painted:
                with contextlib.suppress(TimeoutError):
                    await wait_signal(window.first_painted, 5.0)
            self.trace("window painted")
            # Only now the network: its imports and work would otherwise delay the paint.
            controller.request_sync()
            # The self-test quits once the data is on screen: no charts to fill for it.
            if self.args.demo and not self.args.self_test and controller.session is not None:
                tasks.start(
                    self._backfill_demo_history(controller, controller.session),
                    name="demo-history",
                )
            await self._closed.wait()
        except Exception as exc:
            log.exception("start-up failed")
            if self.args.self_test:
                print(f"self-test failed: start-up failed: {exc}", flush=True)
                self.exit_code = 1
            else:
                report_failure("start-up failed", exc)
                self.exit_code = 1
        finally:
            self.trace("closing")
            window.hide()
            await controller.aclose()
            self.trace("controller closed")
            if self.server is not None:
                await loop.run_in_executor(None, self.server.stop)
            if self._demo_dir is not None:
                self._demo_dir.cleanup()
            self.trace("closed")
        if self.args.self_test or getattr(self.args, "measure_startup", False):
            # Everything is closed and stopped (the client, the store, the emulator's threads):
            # skip the event loop's, the interpreter's and Qt's teardown (~100 ms of freeing
            # memory the process is about to give back anyway; docs/performance.md).
            _quick_exit(self.exit_code)
        return self.exit_code

    async def _backfill_demo_history(self, controller: Controller, session: Session) -> None:
        """Demo only: the emulator's engagement history as snapshots, so the charts start full.

        Once the synced posts are on screen: run alongside the first sync's reload it took the
        GIL (and the store's thread) from showing the data."""
        from s200desk.ui.asyncqt import wait_signal

        if not controller.data_shown_emitted:
            await wait_signal(controller.data_shown)
        if session is not controller.session or session.closed:
            return
        from s200desk.services.analytics.demo_history import backfill_demo_history

        if session.db is not None and self.server is not None:
            await backfill_demo_history(session.db, self.server, bus=session.bus)

    async def _start_demo(self, controller: Controller) -> SessionInfo:
        from s200desk.ui.session import SessionInfo

        if self._emulator is not None:
            server = await self._emulator.result()
        else:
            server = await asyncio.get_running_loop().run_in_executor(None, _start_emulator)
        self.server = server
        controller.settings = controller.settings.model_copy(update={"plan": DEMO_PLAN})
        self._demo_dir = tempfile.TemporaryDirectory(prefix="s200desk-demo-")
        return SessionInfo(
            workspace_id="demo",
            workspace_name="Demo",
            api_key=server.api_key,
            base_url=server.base_url,
            site_url=server.site_url,
            db_path=Path(self._demo_dir.name) / "cache.sqlite3",
            demo=True,
        )

    async def _watch(self, controller: Controller) -> None:
        """--self-test and the screenshot aid: wait for the window and the synced data on screen."""
        from s200desk.ui.asyncqt import wait_signal

        window = controller.window
        screenshot = os.environ.get(SCREENSHOT_ENV, "")
        failed: list[str] = []

        def on_failed(kind: str, message: str) -> None:
            failed.append(f"sync failed ({kind}): {message}")

        try:
            if not window.is_painted:
                await wait_signal(window.first_painted, SELF_TEST_TIMEOUT)
            window_ms = self.first_frame.painted_ms or self.ms_since_start()
            deadline = time.monotonic() + SELF_TEST_TIMEOUT
            while controller.session is None:
                await asyncio.sleep(0.01)
                if time.monotonic() > deadline:
                    raise TimeoutError("no workspace opened")
            controller.session.sync_failed.connect(on_failed)
            if not controller.data_shown_emitted:
                shown = asyncio.ensure_future(wait_signal(controller.data_shown))
                while not shown.done():
                    if failed:
                        shown.cancel()
                        raise RuntimeError(failed[0])
                    if time.monotonic() > deadline:
                        shown.cancel()
                        raise TimeoutError("no synced data on screen")
                    await asyncio.sleep(0.01)
            table = window.posts_page.table
            table.viewport().repaint()  # paint synchronously: the rows are on screen now
            data_ms = self.ms_since_start()
            self.trace("synced data painted")
            rows = controller.posts_model.rowCount()
            if rows == 0:
                raise RuntimeError("the posts list is empty after the sync")
            if screenshot:
                await self._screenshot(controller, screenshot)
            if self.args.self_test:
                print(f"self-test ok window_ms={window_ms} data_ms={data_ms}", flush=True)
        except (TimeoutError, RuntimeError) as exc:
            print(f"self-test failed: {exc}", flush=True)
            self.exit_code = 1
        except BaseException:  # reported by the task keeper; the app must still end
            self.exit_code = 1
            raise
        finally:
            window.close()

    async def _measure_startup(self, controller: Controller) -> None:
        """``--measure-startup``: the window painted with what the store had, before any sync;
        then the whole cache loaded, and the memory with it."""
        from s200desk.ui.asyncqt import wait_signal

        window = controller.window
        try:
            if not window.is_painted:
                await wait_signal(window.first_painted, SELF_TEST_TIMEOUT)
            frame = self.first_frame
            if frame.painted_ms is not None:
                window_ms, first_rows = frame.painted_ms, frame.rows_painted
            else:
                window.posts_page.table.viewport().repaint()
                window_ms, first_rows = self.ms_since_start(), controller.posts_model.rowCount()
            while controller.session is None:
                await asyncio.sleep(0.005)
            await controller.reload("posts")  # waits for the full read already under way
            while controller.posts_model.pending:  # a large store's order, on its thread
                await asyncio.sleep(0.005)
            full_ms = self.ms_since_start()
            rows = controller.posts_model.rowCount()
            print(f"startup ok window_ms={window_ms} first_rows={first_rows} full_ms={full_ms} "
                  f"rows={rows} rss_mb={_rss_mb():.0f}", flush=True)
        except BaseException:  # reported by the task keeper; the app must still end
            self.exit_code = 1
            raise
        finally:
            window.close()

    async def _screenshot(self, controller: Controller, path: str) -> None:
        window = controller.window
        model = controller.posts_model
        for row in range(model.rowCount()):
            item = model.row_at(row)
            if item is not None and item.status == "scheduled":
                window.posts_page.select_post(item.id)
                break
        page = os.environ.get(SCREENSHOT_PAGE_ENV, "posts").lower()
        pages = ("calendar", "posts", "analytics", "media")
        window.show_page(pages.index(page) if page in pages else 1)
        await asyncio.sleep(2.0 if page == "posts" else 5.0)  # the pages load their data
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(path)
        print(f"screenshot saved to {path}", flush=True)


class KeyStoreOnDemand:
    """The KeyStore, opened on first use: the keyring and its backend search are ~140 ms of CPU
    and ~11 MB, which a start with ``$S200_API_KEY`` (automation, the benchmark) never needs
    (docs/performance.md)."""

    def __init__(self) -> None:
        self._store: KeyStore | None = None

    @property
    def store(self) -> KeyStore:
        if self._store is None:
            from s200desk.secrets import KeyStore

            self._store = KeyStore()
        return self._store

    @property
    def available(self) -> bool:
        return self.store.available

    @property
    def problem(self) -> str | None:
        return self.store.problem

    @property
    def backend_name(self) -> str:
        return self.store.backend_name

    def get(self, workspace_id: str) -> str | None:
        return self.store.get(workspace_id)

    def set(self, workspace_id: str, key: str) -> None:
        self.store.set(workspace_id, key)

    def delete(self, workspace_id: str) -> None:
        self.store.delete(workspace_id)


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _start_emulator() -> EmulatorServer:
    from s200desk.ui import worker_imports

    with worker_imports.alone():  # it imports in its thread: the app's workers wait for it
        from s200desk.emulator import EmulatorServer, ScaledClock

        server = EmulatorServer(seed="demo", clock=ScaledClock(speed=1.0), plan=DEMO_PLAN)
        server.start()
    log.info("demo emulator on %s", server.site_url)
    return server
